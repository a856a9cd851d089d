using AksesSpse.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AksesSpse.Core.Tests.TestSupport;

/// <summary>
/// A real SQLite database in memory, alive as long as its one open connection. Every context made here
/// shares that connection, so two contexts see the same data (as two web requests would).
/// </summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly List<AppDbContext> _contexts = [];

    public TestDatabase()
    {
        Connection = new SqliteConnection("Data Source=:memory:");
        Connection.Open();
        using var db = NewContext();
        db.Database.EnsureCreated();
    }

    public SqliteConnection Connection { get; }

    /// <summary>A fresh context; disposed with the database.</summary>
    public AppDbContext NewContext(params IInterceptor[] interceptors)
    {
        // As the app in its Testing environment does: a query loading two collections without splitting is an error
        // here too, not first in a web test (it made a 500 there once).
        var builder = new DbContextOptionsBuilder<AppDbContext>().UseSqlite(Connection)
            .ConfigureWarnings(w => w.Throw(RelationalEventId.MultipleCollectionIncludeWarning));
        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }

        var db = new AppDbContext(builder.Options);
        _contexts.Add(db);
        return db;
    }

    /// <summary>Every text value in every table, for "this secret is stored nowhere" checks.</summary>
    public IReadOnlyList<(string Table, string Column, string Value)> AllTextValues()
    {
        var tables = new List<string>();
        using (var cmd = Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var values = new List<(string, string, string)>();
        foreach (var table in tables)
        {
            using var cmd = Connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is string text)
                    {
                        values.Add((table, reader.GetName(i), text));
                    }
                }
            }
        }

        return values;
    }

    public void Dispose()
    {
        foreach (var db in _contexts)
        {
            db.Dispose();
        }

        Connection.Dispose();
    }
}
