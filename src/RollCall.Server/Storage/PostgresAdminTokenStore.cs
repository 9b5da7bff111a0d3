using Npgsql;
using NpgsqlTypes;

using RollCall.Server.Application;

namespace RollCall.Server.Storage;

/// <summary>
/// Named admin tokens in the shared PostgreSQL database (<c>admin_tokens</c>, schema version 2), so
/// every replica knows the same tokens. It borrows the registration store's connection pool (no
/// extra connections per replica) and reports outages the same way. It expects the registration
/// store to have migrated the schema, which the server does at start-up before it loads the tokens.
/// Each change is one statement: when two replicas create the same name at once, the unique index
/// on the names in force lets exactly one of them succeed.
/// </summary>
public sealed class PostgresAdminTokenStore(PostgresRegistrationStore store) : IAdminTokenStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<StoredAdminToken>> ListAsync(CancellationToken cancellationToken) =>
        store.UseAsync<IReadOnlyList<StoredAdminToken>>(
            async connection =>
            {
                await using var command = new NpgsqlCommand("SELECT name, hash, created_at, rotated_at, revoked_at FROM admin_tokens ORDER BY id", connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var tokens = new List<StoredAdminToken>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    tokens.Add(new StoredAdminToken(
                        reader.GetString(0),
                        reader.GetFieldValue<byte[]>(1),
                        reader.GetFieldValue<DateTimeOffset>(2),
                        reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                        reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
                }

                return tokens;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> AddAsync(string name, byte[] hash, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        WriteAsync(
            "INSERT INTO admin_tokens (name, hash, created_at) VALUES (@name, @hash, @at) ON CONFLICT DO NOTHING",
            name,
            hash,
            createdAt,
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> ReplaceAsync(string name, byte[] hash, DateTimeOffset rotatedAt, CancellationToken cancellationToken) =>
        WriteAsync(
            "UPDATE admin_tokens SET hash = @hash, rotated_at = @at WHERE name = @name AND revoked_at IS NULL",
            name,
            hash,
            rotatedAt,
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> RevokeAsync(string name, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE admin_tokens SET revoked_at = @at WHERE name = @name AND revoked_at IS NULL", name, null, revokedAt, cancellationToken);

    private Task<bool> WriteAsync(string sql, string name, byte[]? hash, DateTimeOffset at, CancellationToken cancellationToken) =>
        store.UseAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.Add(PostgresRows.Text("name", name));
                // Milliseconds, like the SQLite store, so both report the same instants.
                command.Parameters.Add(PostgresRows.Time("at", PostgresRows.Truncate(at)));
                if (hash is not null)
                {
                    command.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Bytea) { Value = hash });
                }

                return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
            },
            cancellationToken);
}
