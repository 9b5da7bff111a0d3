using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

using RollCall.Server.Application;

namespace RollCall.Server.Storage;

/// <summary>
/// Named admin tokens in the SQLite database (<c>admin_tokens</c>, schema version 2). Token changes
/// are rare, so each uses its own short connection and an immediate transaction beside the
/// registration store's writer; SQLite's busy timeout orders the two.
/// </summary>
public sealed class SqliteAdminTokenStore(IOptions<DataOptions> options) : IAdminTokenStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(Path.GetFullPath(options.Value.DataDir), "rollcall.db"),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    private readonly Lock _migration = new();
    private volatile bool _migrated;

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredAdminToken>> ListAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<StoredAdminToken>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, hash, created_at, rotated_at, revoked_at FROM admin_tokens ORDER BY id";
            using var reader = command.ExecuteReader();
            var tokens = new List<StoredAdminToken>();
            while (reader.Read())
            {
                tokens.Add(new StoredAdminToken(
                    reader.GetString(0),
                    (byte[])reader.GetValue(1),
                    SqliteRows.FromMs(reader.GetInt64(2)),
                    reader.IsDBNull(3) ? null : SqliteRows.FromMs(reader.GetInt64(3)),
                    reader.IsDBNull(4) ? null : SqliteRows.FromMs(reader.GetInt64(4))));
            }

            return tokens;
        });

    /// <inheritdoc />
    public Task<bool> AddAsync(string name, byte[] hash, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        WriteAsync(
            "INSERT INTO admin_tokens (name, hash, created_at) VALUES ($name, $hash, $at) ON CONFLICT DO NOTHING",
            name,
            hash,
            createdAt);

    /// <inheritdoc />
    public Task<bool> ReplaceAsync(string name, byte[] hash, DateTimeOffset rotatedAt, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE admin_tokens SET hash = $hash, rotated_at = $at WHERE name = $name AND revoked_at IS NULL", name, hash, rotatedAt);

    /// <inheritdoc />
    public Task<bool> RevokeAsync(string name, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE admin_tokens SET revoked_at = $at WHERE name = $name AND revoked_at IS NULL", name, null, revokedAt);

    private Task<bool> WriteAsync(string sql, string name, byte[]? hash, DateTimeOffset at) =>
        RunAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            if (hash is not null)
            {
                command.Parameters.AddWithValue("$hash", hash);
            }

            var changed = command.ExecuteNonQuery() == 1;
            transaction.Commit();
            return changed;
        });

    private Task<T> RunAsync<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = "PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;";
                pragmas.ExecuteNonQuery();
            }

            // Normally the registration store migrated already; this keeps the store usable on its own.
            // Callers wait for the first migration rather than query tables that may not exist yet.
            if (!_migrated)
            {
                lock (_migration)
                {
                    if (!_migrated)
                    {
                        SqliteSchema.Migrate(connection);
                        _migrated = true;
                    }
                }
            }

            return Task.FromResult(work(connection));
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException(StoreUnavailableException.DefaultMessage, exception);
        }
    }
}
