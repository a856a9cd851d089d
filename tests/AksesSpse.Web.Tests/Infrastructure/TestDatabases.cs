using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AksesSpse.Web.Tests.Infrastructure;

/// <summary>
/// Throwaway databases for integration tests: a fresh PostgreSQL database on the server that
/// scripts/test.sh starts (connection string in AKSESSPSE_TEST_PG), or a fresh SQLite file.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "AKSESSPSE_TEST_PG";
    public const string SqliteFolder = "/tmp/aksesspse-tests";

    /// <summary>Connection string of the test server's maintenance database (user postgres, trust auth).</summary>
    public static string PostgresAdmin
    {
        get
        {
            var cs = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(cs))
            {
                throw new InvalidOperationException(
                    $"{PostgresVariable} is not set: run the tests with scripts/test.sh, which starts PostgreSQL");
            }

            return cs;
        }
    }

    /// <summary>Creates an empty database named <paramref name="prefix"/> + a short guid and returns its connection string.</summary>
    public static async Task<string> CreatePostgresAsync(string prefix)
    {
        var name = UniqueName(prefix, '_');
        await using (var admin = new NpgsqlConnection(PostgresAdmin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, IncludeErrorDetail = true }.ConnectionString;
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing any connection still open to it.</summary>
    public static async Task DropPostgresAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        }

        // Idle pooled connections to the database would be killed by the drop: clear them first.
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var admin = new NpgsqlConnection(PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"")}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>A connection string for a new SQLite file under /tmp/aksesspse-tests (not pooled, so the file can be deleted).</summary>
    public static string NewSqliteFile(string prefix)
    {
        Directory.CreateDirectory(SqliteFolder);
        var path = Path.Combine(SqliteFolder, UniqueName(prefix, '-') + ".db");
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString;
    }

    /// <summary>Deletes the file of a connection string from <see cref="NewSqliteFile"/>, with its journal files.</summary>
    public static void DeleteSqliteFile(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Best effort: a leftover file under /tmp does no harm.
            }
        }
    }

    private static string UniqueName(string prefix, char separator)
    {
        var clean = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            clean.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '_');
        }

        if (clean.Length == 0 || char.IsDigit(clean[0]))
        {
            clean.Insert(0, "t_");
        }

        // PostgreSQL identifiers are at most 63 bytes: keep room for the separator and the 12-character guid.
        var start = clean.Length > 48 ? clean.ToString(0, 48) : clean.ToString();
        return start + separator + Guid.NewGuid().ToString("N")[..12];
    }
}
