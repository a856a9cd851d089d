using System.Data.Common;
using System.Text;
using AksesSpse.Core.Data;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace AksesSpse.Web.Tests.Data;

/// <summary>
/// The migrations are generated per provider by the EF tools (docs/adr/0017). These tests build one database
/// with the provider's migrations and one with EnsureCreated (the model), read both schemas from the catalog and
/// require them to be equal, on SQLite and PostgreSQL (docs/adr/0002); they also require Migrate to be idempotent
/// and every Down to revert its Up. (SQL Server has no server here: see ProviderMigrationTests.)
/// </summary>
[Trait("Category", "Data")]
public sealed class MigrationSchemaTests
{
    private static readonly string[] EfTables = ["__EFMigrationsHistory", "__EFMigrationsLock"];

    [Fact]
    public Task MigratedSchemaMatchesModel_Sqlite() => WithSqliteAsync(async (migrated, model) =>
    {
        await using (var db = Sqlite(migrated))
        {
            await db.Database.MigrateAsync();
        }

        await using (var db = Sqlite(model))
        {
            Assert.True(await db.Database.EnsureCreatedAsync());
        }

        var modelSchema = await ReadSqliteSchemaAsync(model);
        AssertHasEveryModelTable(modelSchema);
        AssertSameSchema(await ReadSqliteSchemaAsync(migrated), modelSchema, Drift("SQLite"));
    });

    [Fact]
    public Task MigratedSchemaMatchesModel_PostgreSql() => WithPostgresAsync(async (migrated, model) =>
    {
        await using (var db = Postgres(migrated))
        {
            await db.Database.MigrateAsync();
        }

        await using (var db = Postgres(model))
        {
            Assert.True(await db.Database.EnsureCreatedAsync());
        }

        var modelSchema = await ReadPostgresSchemaAsync(model);
        AssertHasEveryModelTable(modelSchema);
        AssertSameSchema(await ReadPostgresSchemaAsync(migrated), modelSchema, Drift("PostgreSQL"));
    });

    [Fact]
    public Task MigrationsApplyTwiceWithoutError_Sqlite() => WithSqliteAsync(async (cs, _) =>
    {
        await AssertMigrateIsIdempotentAsync(() => Sqlite(cs), () => ReadSqliteSchemaAsync(cs));
    });

    [Fact]
    public Task MigrationsApplyTwiceWithoutError_PostgreSql() => WithPostgresAsync(async (cs, _) =>
    {
        await AssertMigrateIsIdempotentAsync(() => Postgres(cs), () => ReadPostgresSchemaAsync(cs));
    });

    [Fact]
    public Task EveryMigrationReverts_Sqlite() => WithSqliteAsync(async (cs, model) =>
    {
        await AssertDownRevertsEverythingAsync(() => Sqlite(cs), () => ReadSqliteSchemaAsync(cs));
        await using (var db = Sqlite(model))
        {
            await db.Database.EnsureCreatedAsync();
        }

        AssertSameSchema(await ReadSqliteSchemaAsync(cs), await ReadSqliteSchemaAsync(model), Drift("SQLite, after down and up"));
    });

    [Fact]
    public Task EveryMigrationReverts_PostgreSql() => WithPostgresAsync(async (cs, model) =>
    {
        await AssertDownRevertsEverythingAsync(() => Postgres(cs), () => ReadPostgresSchemaAsync(cs));
        await using (var db = Postgres(model))
        {
            await db.Database.EnsureCreatedAsync();
        }

        AssertSameSchema(await ReadPostgresSchemaAsync(cs), await ReadPostgresSchemaAsync(model), Drift("PostgreSQL, after down and up"));
    });

    // ---------------------------------------------------------------------------------------------
    // Scenarios shared by both providers
    // ---------------------------------------------------------------------------------------------

    private static async Task AssertMigrateIsIdempotentAsync(Func<AppDbContext> create, Func<Task<List<string>>> readSchema)
    {
        await using (var db = create())
        {
            await db.Database.MigrateAsync();
        }

        var once = await readSchema();
        await using (var db = create())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            await db.Database.MigrateAsync();
            var all = db.Database.GetMigrations().ToList();
            Assert.NotEmpty(all);
            Assert.Equal(all, (await db.Database.GetAppliedMigrationsAsync()).ToList());
        }

        AssertSameSchema(await readSchema(), once, "A second Migrate changed the schema.", "only after two", "only after one");
    }

    /// <summary>Up, then every Down back to an empty database, then Up again.</summary>
    private static async Task AssertDownRevertsEverythingAsync(Func<AppDbContext> create, Func<Task<List<string>>> readSchema)
    {
        await using (var db = create())
        {
            await db.Database.MigrateAsync();
            var migrations = db.Database.GetMigrations().ToList();
            var migrator = db.GetService<IMigrator>();

            // Step down one migration at a time, so that each Down runs against the schema its Up left.
            for (var i = migrations.Count - 2; i >= -1; i--)
            {
                await migrator.MigrateAsync(i >= 0 ? migrations[i] : Migration.InitialDatabase);
            }

            Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        }

        var left = await readSchema();
        Assert.True(left.Count == 0, "Down left objects behind:\n  " + string.Join("\n  ", left));

        await using (var db = create())
        {
            await db.Database.MigrateAsync();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Databases
    // ---------------------------------------------------------------------------------------------

    internal static AppDbContext Sqlite(string cs) => AppDbContexts.Create(DatabaseProvider.Sqlite, cs);

    internal static AppDbContext Postgres(string cs) => AppDbContexts.Create(DatabaseProvider.PostgreSql, cs);

    private static async Task WithSqliteAsync(Func<string, string, Task> test)
    {
        var a = TestDatabases.NewSqliteFile("migrated");
        var b = TestDatabases.NewSqliteFile("model");
        try
        {
            await test(a, b);
        }
        finally
        {
            TestDatabases.DeleteSqliteFile(a);
            TestDatabases.DeleteSqliteFile(b);
        }
    }

    private static async Task WithPostgresAsync(Func<string, string, Task> test)
    {
        var a = await TestDatabases.CreatePostgresAsync("schema_migrated");
        string? b = null;
        try
        {
            b = await TestDatabases.CreatePostgresAsync("schema_model");
            await test(a, b);
        }
        finally
        {
            await TestDatabases.DropPostgresAsync(a);
            if (b is not null)
            {
                await TestDatabases.DropPostgresAsync(b);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reading a schema from the catalog, as one sorted line per fact
    // ---------------------------------------------------------------------------------------------

    internal static async Task<List<string>> ReadSqliteSchemaAsync(string cs)
    {
        var facts = new List<string>();
        await using var connection = new SqliteConnection(cs);
        await connection.OpenAsync();

        var tables = new List<(string Name, string Sql)>();
        foreach (var row in await QueryAsync(connection,
                     "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"))
        {
            var name = (string)row[0]!;
            if (!EfTables.Contains(name))
            {
                tables.Add((name, (string)row[1]!));
            }
        }

        foreach (var (table, sql) in tables)
        {
            facts.Add($"table {table}");
            if (sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase))
            {
                facts.Add($"autoincrement {table}");
            }

            var pk = new SortedDictionary<long, string>();
            foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info({Lit(table)})"))
            {
                facts.Add($"column {table}.{c[0]} type={c[1]} notnull={c[2]} default={c[3] ?? "-"}");
                if ((long)c[4]! > 0)
                {
                    pk[(long)c[4]!] = (string)c[0]!;
                }
            }

            if (pk.Count > 0)
            {
                facts.Add($"primary key {table} ({string.Join(", ", pk.Values)})");
            }

            var fks = await QueryAsync(connection,
                $"SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list({Lit(table)}) ORDER BY id, seq");
            foreach (var fk in fks.GroupBy(r => (long)r[0]!))
            {
                var first = fk.First();
                facts.Add($"foreign key {table} ({string.Join(", ", fk.Select(r => r[3]))}) -> {first[2]} " +
                          $"({string.Join(", ", fk.Select(r => r[4]))}) on delete {first[6]} on update {first[5]}");
            }

            foreach (var index in await QueryAsync(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list({Lit(table)})"))
            {
                var name = (string)index[0]!;
                if ((string)index[2]! == "pk")
                {
                    continue; // the primary key's own index, covered by the primary key fact
                }

                var columns = (await QueryAsync(connection, $"SELECT name FROM pragma_index_info({Lit(name)}) ORDER BY seqno"))
                    .Select(r => r[0] ?? "<expression>");
                var filter = "";
                if ((long)index[3]! == 1)
                {
                    var indexSql = (string?)(await QueryAsync(connection, $"SELECT sql FROM sqlite_master WHERE type = 'index' AND name = {Lit(name)}"))[0][0] ?? "";
                    var where = indexSql.IndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase);
                    filter = " where " + (where >= 0 ? indexSql[(where + 7)..].Trim() : indexSql);
                }

                facts.Add($"index {table}.{name} ({string.Join(", ", columns)}) unique={index[1]} origin={index[2]}{filter}");
            }
        }

        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    internal static async Task<List<string>> ReadPostgresSchemaAsync(string cs)
    {
        var facts = new List<string>();
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();

        bool Skip(object? table) => EfTables.Contains((string)table!);

        foreach (var r in await QueryAsync(connection, """
            SELECT table_name, table_type FROM information_schema.tables
            WHERE table_schema = 'public'
            """))
        {
            if (!Skip(r[0]))
            {
                facts.Add($"table {r[0]} {r[1]}");
            }
        }

        foreach (var r in await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,
                   datetime_precision, is_nullable, column_default, is_identity, identity_generation, collation_name
            FROM information_schema.columns
            WHERE table_schema = 'public'
            """))
        {
            if (!Skip(r[0]))
            {
                facts.Add($"column {r[0]}.{r[1]} type={r[2]} maxlength={r[3] ?? "-"} precision={r[4] ?? "-"},{r[5] ?? "-"},{r[6] ?? "-"} " +
                          $"nullable={r[7]} default={r[8] ?? "-"} identity={r[9]} {r[10] ?? "-"} collation={r[11] ?? "-"}");
            }
        }

        foreach (var r in await QueryAsync(connection, """
            SELECT tc.table_name, tc.constraint_type, tc.constraint_name,
                   string_agg(kcu.column_name, ', ' ORDER BY kcu.ordinal_position)
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu
              ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
             AND kcu.table_name = tc.table_name
            WHERE tc.table_schema = 'public' AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
            GROUP BY tc.table_name, tc.constraint_type, tc.constraint_name
            """))
        {
            if (!Skip(r[0]))
            {
                facts.Add($"{r[1]!.ToString()!.ToLowerInvariant()} {r[0]}.{r[2]} ({r[3]})");
            }
        }

        foreach (var r in await QueryAsync(connection, """
            SELECT kcu.table_name, rc.constraint_name,
                   string_agg(kcu.column_name, ', ' ORDER BY kcu.ordinal_position),
                   min(ref.table_name),
                   string_agg(ref.column_name, ', ' ORDER BY kcu.ordinal_position),
                   rc.delete_rule, rc.update_rule
            FROM information_schema.referential_constraints rc
            JOIN information_schema.key_column_usage kcu
              ON kcu.constraint_schema = rc.constraint_schema AND kcu.constraint_name = rc.constraint_name
            JOIN information_schema.key_column_usage ref
              ON ref.constraint_schema = rc.unique_constraint_schema AND ref.constraint_name = rc.unique_constraint_name
             AND ref.ordinal_position = kcu.position_in_unique_constraint
            WHERE rc.constraint_schema = 'public'
            GROUP BY kcu.table_name, rc.constraint_name, rc.delete_rule, rc.update_rule
            """))
        {
            if (!Skip(r[0]))
            {
                facts.Add($"foreign key {r[0]}.{r[1]} ({r[2]}) -> {r[3]} ({r[4]}) on delete {r[5]} on update {r[6]}");
            }
        }

        // Check constraints (NOT NULL is a column fact, not a row here on PostgreSQL 15).
        foreach (var r in await QueryAsync(connection, """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.contype IN ('c', 'x') AND c.connamespace = 'public'::regnamespace
            """))
        {
            facts.Add($"check {Unqualify((string)r[0]!)}.{r[1]} {r[2]}");
        }

        foreach (var r in await QueryAsync(connection, """
            SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
            """))
        {
            if (!Skip(r[0]))
            {
                facts.Add($"index {r[0]}.{r[1]} {Unqualify((string)r[2]!)}");
            }
        }

        foreach (var r in await QueryAsync(connection, """
            SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences
            WHERE sequence_schema = 'public'
            """))
        {
            facts.Add($"sequence {r[0]} {r[1]} start {r[2]} by {r[3]}");
        }

        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    /// <summary>Removes schema names (public."X", "public"."X") so that only real differences remain.</summary>
    private static string Unqualify(string sql) =>
        sql.Replace("\"public\".", "", StringComparison.Ordinal).Replace("public.", "", StringComparison.Ordinal);

    private static string Lit(string value) => "'" + value.Replace("'", "''") + "'";

    private static async Task<List<object?[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    // ---------------------------------------------------------------------------------------------
    // Comparing
    // ---------------------------------------------------------------------------------------------

    /// <summary>Guards against a vacuous pass: the schema read back has a table for every entity type of the model.</summary>
    private static void AssertHasEveryModelTable(List<string> schema)
    {
        using var db = Sqlite("Data Source=:memory:");
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();
        Assert.True(tables.Count >= 20, $"the model has only {tables.Count} tables");
        var missing = tables.Where(t => !schema.Any(f => f == $"table {t}" || f.StartsWith($"table {t} ", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, "Tables of the model not found in the schema read back: " + string.Join(", ", missing));
    }

    private static string Drift(string provider) =>
        $"The schema built by the migrations differs from the model ({provider}): " +
        "add a migration with scripts/add-migration.sh NAME.";

    /// <summary>Fails with every fact found on one side only, e.g. "only in model: index SpseAccounts.IX_…".</summary>
    internal static void AssertSameSchema(List<string> left, List<string> right, string header,
        string leftLabel = "only in migrated", string rightLabel = "only in model")
    {
        Assert.Contains(right, f => f.StartsWith("table AspNetUsers", StringComparison.Ordinal));
        var onlyLeft = left.Except(right, StringComparer.Ordinal).ToList();
        var onlyRight = right.Except(left, StringComparer.Ordinal).ToList();
        if (onlyLeft.Count == 0 && onlyRight.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.AppendLine(header);
        foreach (var f in onlyLeft)
        {
            message.AppendLine($"  {leftLabel}: {f}");
        }

        foreach (var f in onlyRight)
        {
            message.AppendLine($"  {rightLabel}: {f}");
        }

        Assert.Fail(message.ToString());
    }
}
