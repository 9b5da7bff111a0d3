using Microsoft.Data.Sqlite;

namespace RollCall.Server.Storage;

/// <summary>
/// The SQLite schema, versioned with <c>PRAGMA user_version</c>. Each migration runs once, in its
/// own transaction, at start-up, as the writer's first work. Rows are never deleted, so integer
/// primary keys (registration numbers, status versions, issue order) only ever grow: the writer
/// hands out the next ones itself.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] _migrations =
    [
        """
        CREATE TABLE codes (
            seq INTEGER PRIMARY KEY,
            code INTEGER NOT NULL UNIQUE,
            label TEXT,
            issued_at INTEGER NOT NULL,
            expires_at INTEGER,
            redeemed_at INTEGER,
            revoked_at INTEGER
        );
        CREATE INDEX codes_by_label ON codes (label, seq) WHERE label IS NOT NULL;
        CREATE TABLE attendants (
            number INTEGER PRIMARY KEY,
            code INTEGER NOT NULL UNIQUE REFERENCES codes (code),
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            registered_at INTEGER NOT NULL,
            cancelled_at INTEGER
        );
        CREATE TABLE status_changes (
            version INTEGER PRIMARY KEY,
            kind INTEGER NOT NULL,
            attendant_number INTEGER NOT NULL REFERENCES attendants (number),
            changed_at INTEGER NOT NULL
        );
        """,
        // Named admin tokens, stored as SHA-256 hashes only. Revoked rows stay for the audit trail;
        // a name is unique among the tokens still in force.
        """
        CREATE TABLE admin_tokens (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            hash BLOB NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            rotated_at INTEGER,
            revoked_at INTEGER
        );
        CREATE UNIQUE INDEX admin_tokens_active_name ON admin_tokens (name) WHERE revoked_at IS NULL;
        """,
        // One row the health probe updates: while the store is in an outage, readiness needs a write that commits.
        """
        CREATE TABLE health (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            checked_at INTEGER NOT NULL
        );
        INSERT INTO health (id, checked_at) VALUES (1, 0);
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => _migrations.Length;

    /// <summary>
    /// Brings the database to <see cref="CurrentVersion"/> on the writer connection; returns the
    /// version it found. Each step reads the version inside its own immediate transaction, so even a
    /// second process migrating the same file (the lock file normally refuses it) takes turns
    /// instead of creating the same tables twice.
    /// </summary>
    public static int Migrate(SqliteConnection connection)
    {
        int? found = null;
        while (true)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var version = ReadVersion(connection, transaction);
            found ??= version;
            if (version > CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"The database has schema version {version}, newer than this RollCall build understands ({CurrentVersion}). Upgrade RollCall.");
            }

            if (version == CurrentVersion)
            {
                transaction.Commit();
                return found.Value;
            }

            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = _migrations[version] + $"\nPRAGMA user_version = {version + 1};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
