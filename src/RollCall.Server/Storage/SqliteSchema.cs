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
        // Events: everything moves into the event 'default', current and open, with its numbers and
        // versions. Registration numbers and status versions count per event from here on, so
        // attendants and status_changes are rebuilt with the event in their keys.
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            starts_at INTEGER,
            ends_at INTEGER,
            language TEXT NOT NULL,
            state INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            forget_after_days INTEGER,
            public_names INTEGER,
            names_forgotten_at INTEGER,
            version INTEGER NOT NULL DEFAULT 0,
            last_attendant INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO events (id, slug, title, language, state, created_at, version, last_attendant)
        VALUES (1, 'default', 'RollCall', 'en', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
                (SELECT coalesce(max(version), 0) FROM status_changes), (SELECT coalesce(max(number), 0) FROM attendants));
        CREATE TABLE settings (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            current_event INTEGER NOT NULL REFERENCES events (id),
            chosen INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO settings (id, current_event) VALUES (1, 1);
        ALTER TABLE codes ADD COLUMN event_id INTEGER NOT NULL DEFAULT 1;
        DROP INDEX codes_by_label;
        CREATE INDEX codes_by_event ON codes (event_id, seq);
        CREATE INDEX codes_by_label ON codes (event_id, label, seq) WHERE label IS NOT NULL;
        CREATE TABLE attendants_v4 (
            event_id INTEGER NOT NULL REFERENCES events (id),
            number INTEGER NOT NULL,
            code INTEGER NOT NULL UNIQUE REFERENCES codes (code),
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            registered_at INTEGER NOT NULL,
            cancelled_at INTEGER,
            PRIMARY KEY (event_id, number)
        );
        INSERT INTO attendants_v4 SELECT 1, number, code, first_name, last_name, registered_at, cancelled_at FROM attendants;
        CREATE TABLE status_changes_v4 (
            event_id INTEGER NOT NULL,
            version INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            attendant_number INTEGER NOT NULL,
            changed_at INTEGER NOT NULL,
            PRIMARY KEY (event_id, version),
            FOREIGN KEY (event_id, attendant_number) REFERENCES attendants_v4 (event_id, number)
        );
        INSERT INTO status_changes_v4 SELECT 1, version, kind, attendant_number, changed_at FROM status_changes;
        DROP TABLE status_changes;
        DROP TABLE attendants;
        ALTER TABLE attendants_v4 RENAME TO attendants;
        ALTER TABLE status_changes_v4 RENAME TO status_changes;
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
    public static int Migrate(SqliteConnection connection) => Migrate(connection, CurrentVersion);

    /// <summary>Brings the database to <paramref name="target"/>: older versions, for the migration tests.</summary>
    internal static int Migrate(SqliteConnection connection, int target)
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

            if (version >= target)
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
