using Npgsql;

namespace RollCall.Server.Storage;

/// <summary>
/// The PostgreSQL schema, versioned in <c>rollcall_schema</c> (one row per applied migration).
/// Replicas that start together all call <see cref="MigrateAsync"/>, each on its writer connection;
/// a session-level advisory lock lets exactly one of them apply what is missing while the others
/// wait, then find nothing left to do. Each migration commits in its own transaction together with its row.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key: "RollCall" in ASCII.</summary>
    public const long MigrationLock = 0x526F6C6C43616C6C;

    private static readonly string[] _migrations =
    [
        """
        CREATE TABLE codes (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code bigint NOT NULL UNIQUE,
            label text,
            issued_at timestamptz NOT NULL,
            expires_at timestamptz,
            redeemed_at timestamptz,
            revoked_at timestamptz
        );
        CREATE INDEX codes_by_label ON codes (label, seq) WHERE label IS NOT NULL;
        CREATE TABLE attendants (
            number bigint PRIMARY KEY,
            code bigint NOT NULL UNIQUE REFERENCES codes (code),
            first_name text NOT NULL,
            last_name text NOT NULL,
            registered_at timestamptz NOT NULL,
            cancelled_at timestamptz
        );
        CREATE TABLE status_changes (
            version bigint PRIMARY KEY,
            kind smallint NOT NULL,
            attendant_number bigint NOT NULL REFERENCES attendants (number),
            changed_at timestamptz NOT NULL
        );
        -- One row: the last status version and the last registration number. Both are handed
        -- out under this row's lock, so they follow commit order without gaps (see PostgresDialect).
        CREATE TABLE status_counter (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            version bigint NOT NULL,
            last_attendant bigint NOT NULL
        );
        INSERT INTO status_counter (version, last_attendant) VALUES (0, 0);
        """,
        // Named admin tokens, shared by every replica, stored as SHA-256 hashes only. Revoked rows
        // stay for the audit trail; a name is unique among the tokens still in force.
        """
        CREATE TABLE admin_tokens (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL,
            hash bytea NOT NULL UNIQUE,
            created_at timestamptz NOT NULL,
            rotated_at timestamptz,
            revoked_at timestamptz
        );
        CREATE UNIQUE INDEX admin_tokens_active_name ON admin_tokens (name) WHERE revoked_at IS NULL;
        """,
        // One row the health probe updates: while the store is in an outage, readiness needs a write that commits.
        """
        CREATE TABLE health (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            checked_at timestamptz NOT NULL
        );
        INSERT INTO health (checked_at) VALUES ('epoch');
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => _migrations.Length;

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; returns the version it found.</summary>
    public static async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
        try
        {
            await ExecuteAsync(
                connection,
                "CREATE TABLE IF NOT EXISTS rollcall_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM rollcall_schema", connection);
            var found = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
            if (found > CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"The database has schema version {found}, newer than this RollCall build understands ({CurrentVersion}). Upgrade RollCall.");
            }

            for (var version = found; version < CurrentVersion; version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var migrate = new NpgsqlCommand(_migrations[version], connection, transaction);
                await migrate.ExecuteNonQueryAsync(cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO rollcall_schema (version) VALUES (@version)", connection, transaction);
                record.Parameters.AddWithValue("version", version + 1);
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            return found;
        }
        finally
        {
            // The writer connection stays open: release the lock rather than hold it for the server's life.
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
