using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Data;

/// <summary>What a refused save means, across the three database providers.</summary>
public static class DbErrors
{
    /// <summary>
    /// The database refused the save because a unique key is taken (another request got there first): SQLite's constraint error
    /// on a UNIQUE or PRIMARY KEY, PostgreSQL's 23505, SQL Server's 2601 / 2627. Anything else (disk full, connection lost,
    /// a check that failed) is not "someone else had it".
    /// </summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.SqlClient.SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };
}
