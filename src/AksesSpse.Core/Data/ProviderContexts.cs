using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AksesSpse.Core.Data;

/// <summary>The database providers the app runs on (configuration key Database:Provider).</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>The model on SQLite; its migrations are in Data/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>The model on PostgreSQL; its migrations are in Data/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options) : AppDbContext(options);

/// <summary>The model on SQL Server; its migrations are in Data/Migrations/SqlServer (not run against a live server here).</summary>
public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);

/// <summary>Builds the provider's context from a provider and a connection string (tools, tests, benches).</summary>
public static class AppDbContexts
{
    public static string MigrationsAssembly => typeof(AppDbContext).Assembly.GetName().Name!;

    public static DatabaseProvider ParseProvider(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" or "npgsql" => DatabaseProvider.PostgreSql,
        "sqlserver" or "mssql" => DatabaseProvider.SqlServer,
        _ => throw new InvalidOperationException($"Database:Provider \"{name}\" is not supported: use Sqlite, PostgreSQL or SqlServer."),
    };

    public static Type ContextType(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => typeof(SqliteAppDbContext),
        DatabaseProvider.PostgreSql => typeof(PostgreSqlAppDbContext),
        DatabaseProvider.SqlServer => typeof(SqlServerAppDbContext),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>Points <paramref name="options"/> at the provider, with the migrations of this assembly.</summary>
    public static DbContextOptionsBuilder UseProvider(this DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString, o => o.MigrationsAssembly(MigrationsAssembly)),
            DatabaseProvider.PostgreSql => options.UseNpgsql(connectionString, o => o.MigrationsAssembly(MigrationsAssembly)),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString, o => o.MigrationsAssembly(MigrationsAssembly)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };

    /// <summary>A new context of the provider's type, seen as <see cref="AppDbContext"/>.</summary>
    public static AppDbContext Create(DatabaseProvider provider, string connectionString, Action<DbContextOptionsBuilder>? configure = null)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
            {
                var b = new DbContextOptionsBuilder<SqliteAppDbContext>();
                b.UseProvider(provider, connectionString);
                configure?.Invoke(b);
                return new SqliteAppDbContext(b.Options);
            }

            case DatabaseProvider.PostgreSql:
            {
                var b = new DbContextOptionsBuilder<PostgreSqlAppDbContext>();
                b.UseProvider(provider, connectionString);
                configure?.Invoke(b);
                return new PostgreSqlAppDbContext(b.Options);
            }

            case DatabaseProvider.SqlServer:
            {
                var b = new DbContextOptionsBuilder<SqlServerAppDbContext>();
                b.UseProvider(provider, connectionString);
                configure?.Invoke(b);
                return new SqlServerAppDbContext(b.Options);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(provider));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Design-time factories for `dotnet ef` (scripts/add-migration.sh). Generating a migration needs no
// database: the connection strings below are placeholders that are never opened. Set
// AKSESSPSE_DESIGN_CONNECTION to point `dotnet ef database update` at a real database.
// ---------------------------------------------------------------------------------------------

public sealed class SqliteAppDbContextFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) => (SqliteAppDbContext)AppDbContexts.Create(DatabaseProvider.Sqlite,
        DesignConnection(new SqliteConnectionStringBuilder { DataSource = "aksesspse-design.db" }.ConnectionString));

    internal static string DesignConnection(string placeholder) =>
        Environment.GetEnvironmentVariable("AKSESSPSE_DESIGN_CONNECTION") is { Length: > 0 } cs ? cs : placeholder;
}

public sealed class PostgreSqlAppDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) => (PostgreSqlAppDbContext)AppDbContexts.Create(DatabaseProvider.PostgreSql,
        SqliteAppDbContextFactory.DesignConnection("Host=127.0.0.1;Database=aksesspse_design;Username=aksesspse"));
}

public sealed class SqlServerAppDbContextFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) => (SqlServerAppDbContext)AppDbContexts.Create(DatabaseProvider.SqlServer,
        SqliteAppDbContextFactory.DesignConnection("Server=127.0.0.1;Database=AksesSpseDesign;Trusted_Connection=True;TrustServerCertificate=True"));
}
