using Microsoft.Data.Sqlite;
using Npgsql;

namespace RollCall.Testing;

/// <summary>
/// The database's write lock, taken from outside the server and held until disposed: the server's
/// writer waits, and every write queued meanwhile waits in its queue.
/// </summary>
public static class WriteLock
{
    /// <summary>Holds SQLite's write lock on <paramref name="databaseFile"/> (<c>BEGIN IMMEDIATE</c>).</summary>
    public static async Task<IAsyncDisposable> HoldSqliteAsync(string databaseFile)
    {
        var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>Holds a lock on PostgreSQL's <c>codes</c> table that every write of the server waits for.</summary>
    public static async Task<IAsyncDisposable> HoldPostgresAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        // READ WRITE explicitly: the outage tests make new sessions read-only first.
        await using var hold = new NpgsqlCommand("BEGIN READ WRITE; LOCK TABLE codes IN EXCLUSIVE MODE", connection);
        await hold.ExecuteNonQueryAsync();
        return connection;
    }
}
