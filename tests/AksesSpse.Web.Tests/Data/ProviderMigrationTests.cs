using AksesSpse.Core.Data;
using AksesSpse.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace AksesSpse.Web.Tests.Data;

/// <summary>
/// The generated migrations of each provider (docs/adr/0017), checked without a database: the model has nothing
/// that the migrations lack, the providers share their migration ids, and, for SQL Server (no engine can run
/// here), the full idempotent migration script parses as T-SQL.
/// </summary>
[Trait("Category", "Data")]
public sealed class ProviderMigrationTests
{
    private static readonly DatabaseProvider[] All = [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer];

    public static TheoryData<DatabaseProvider> Providers => new(All);

    /// <summary>Placeholder connection strings: none of these tests opens a connection.</summary>
    private static AppDbContext Context(DatabaseProvider provider, Action<DbContextOptionsBuilder>? configure = null) =>
        AppDbContexts.Create(provider, provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=:memory:",
            DatabaseProvider.PostgreSql => "Host=127.0.0.1;Database=none",
            _ => "Server=127.0.0.1;Database=none;TrustServerCertificate=True",
        }, configure);

    [Theory]
    [MemberData(nameof(Providers))]
    public void ModelHasNoPendingChanges(DatabaseProvider provider)
    {
        using var db = Context(provider);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changes that no {provider} migration has: run scripts/add-migration.sh NAME.");
    }

    [Fact]
    public void ProvidersShareMigrationIds()
    {
        var ids = All.Select(p =>
        {
            using var db = Context(p);
            return db.Database.GetMigrations().ToList();
        }).ToList();
        Assert.Contains(LegacyMigrations.BaselineId, ids[0]);
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(ids[0], ids[2]);
    }

    /// <summary>
    /// Every warning EF Core logs while it builds and validates the model fails here, e.g. the sentinel warning for a
    /// column with a default value (AccessRequest.Channel printed one at every start).
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void ModelBuildsWithoutWarnings(DatabaseProvider provider)
    {
        using var db = Context(provider, o => o.ConfigureWarnings(w => w.Default(WarningBehavior.Throw)));
        Assert.NotNull(db.Model.FindEntityType(typeof(AksesSpse.Core.Requests.AccessRequest)));
    }

    [Fact]
    public void SqlServerIdempotentScriptParses()
    {
        var script = SqlServerIdempotentScript();
        Assert.Contains("CREATE TABLE [AccessRequests]", script, StringComparison.Ordinal);
        Assert.Contains(LegacyMigrations.BaselineId, script, StringComparison.Ordinal);

        var errors = Parse(script);
        Assert.True(errors.Count == 0, "T-SQL parse errors in the idempotent SQL Server script:\n" +
            string.Join("\n", errors.Select(e => $"  line {e.Line}: {e.Message}")));
    }

    /// <summary>The parse check is real: a script with one broken statement fails it.</summary>
    [Fact]
    public void SqlServerScriptCheckFlagsBrokenSql()
    {
        var script = SqlServerIdempotentScript();
        var at = script.IndexOf("CREATE TABLE [AccessRequests]", StringComparison.Ordinal);
        Assert.True(at >= 0);
        var broken = script[..at] + "CREATE TABEL [AccessRequests]" + script[(at + "CREATE TABLE [AccessRequests]".Length)..];
        Assert.NotEmpty(Parse(broken));
        Assert.NotEmpty(Parse(script.Replace("NOT NULL,", "NOT NULL,,", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Sqlite", typeof(SqliteAppDbContext))]
    [InlineData("PostgreSQL", typeof(PostgreSqlAppDbContext))]
    [InlineData("SqlServer", typeof(SqlServerAppDbContext))]
    public void AppRegistersTheProvidersContextAsAppDbContext(string provider, Type expected)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Sqlite"] = "Data Source=:memory:",
            ["ConnectionStrings:PostgreSQL"] = "Host=127.0.0.1;Database=none",
            ["ConnectionStrings:SqlServer"] = "Server=127.0.0.1;Database=none;TrustServerCertificate=True",
        }).Build();
        var services = new ServiceCollection();
        StartupExtensions.AddDatabase(services, config, Path.GetTempPath());
        using var provider2 = services.BuildServiceProvider();
        using var scope = provider2.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.IsType(expected, db);
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void UnknownProviderIsRefused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => AppDbContexts.ParseProvider("Oracle"));
        Assert.Contains("SqlServer", e.Message, StringComparison.Ordinal);
    }

    private static string SqlServerIdempotentScript()
    {
        using var db = Context(DatabaseProvider.SqlServer);
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    private static IList<ParseError> Parse(string script)
    {
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);
        return errors;
    }
}
