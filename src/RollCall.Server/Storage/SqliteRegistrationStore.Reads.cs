using Microsoft.Data.Sqlite;
using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// The reads of <see cref="SqliteRegistrationStore"/>: listings, exports, the status at start-up and
/// the health check, each on a read-only connection of its own that never waits for the writer.
/// </summary>
public sealed partial class SqliteRegistrationStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<CodeRecord>> ListCodesAsync(CodeQuery query, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<CodeRecord>>(connection =>
        {
            using var command = connection.CreateCommand();
            var now = query.Now.ToUnixTimeMilliseconds();
            var filter = query.State switch
            {
                CodeState.Outstanding => " AND c.revoked_at IS NULL AND c.redeemed_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > $now)",
                CodeState.Redeemed => " AND c.revoked_at IS NULL AND c.redeemed_at IS NOT NULL",
                CodeState.Revoked => " AND c.revoked_at IS NOT NULL",
                CodeState.Expired => " AND c.revoked_at IS NULL AND c.redeemed_at IS NULL AND c.expires_at <= $now",
                _ => string.Empty,
            };
            if (query.Label is not null)
            {
                filter += " AND c.label = $label";
                command.Parameters.AddWithValue("$label", query.Label);
            }

            command.CommandText = SqliteRows.SelectCodeSql + " WHERE c.seq > $after" + filter + " ORDER BY c.seq LIMIT $limit";
            command.Parameters.AddWithValue("$after", query.After?.Sequence ?? 0);
            command.Parameters.AddWithValue("$limit", query.Limit);
            command.Parameters.AddWithValue("$now", now);
            using var reader = command.ExecuteReader();
            var codes = new List<CodeRecord>();
            while (reader.Read())
            {
                codes.Add(SqliteRows.ReadCode(reader));
            }

            return codes;
        });

    /// <inheritdoc />
    public Task<CodeStats> GetCodeStatsAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT count(*),
                       count(*) FILTER (WHERE revoked_at IS NULL AND redeemed_at IS NOT NULL),
                       count(*) FILTER (WHERE revoked_at IS NULL AND redeemed_at IS NULL AND (expires_at IS NULL OR expires_at > $now)),
                       count(*) FILTER (WHERE revoked_at IS NOT NULL),
                       count(*) FILTER (WHERE revoked_at IS NULL AND redeemed_at IS NULL AND expires_at <= $now)
                FROM codes
                """;
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            using var reader = command.ExecuteReader();
            reader.Read();
            return new CodeStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<Attendant>> ListAttendantsAsync(long afterNumber, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Attendant>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT number, first_name, last_name, registered_at FROM attendants
                WHERE number > $after AND cancelled_at IS NULL ORDER BY number LIMIT $limit
                """;
            command.Parameters.AddWithValue("$after", afterNumber);
            command.Parameters.AddWithValue("$limit", limit);
            return ReadAttendants(command);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<ExportedAttendant>> ExportAttendantsAsync(long afterNumber, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ExportedAttendant>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT a.number, a.first_name, a.last_name, a.registered_at, a.code, c.label
                FROM attendants a JOIN codes c ON c.code = a.code
                WHERE a.number > $after AND a.cancelled_at IS NULL ORDER BY a.number LIMIT $limit
                """;
            command.Parameters.AddWithValue("$after", afterNumber);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var rows = new List<ExportedAttendant>();
            while (reader.Read())
            {
                rows.Add(new ExportedAttendant(SqliteRows.ReadAttendant(reader), reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }

            return rows;
        });

    /// <inheritdoc />
    public Task<StatusState> LoadStatusAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection =>
        {
            // One read transaction: the version and the attendee list describe the same moment.
            using var transaction = connection.BeginTransaction(deferred: true);
            using var version = connection.CreateCommand();
            version.Transaction = transaction;
            version.CommandText = "SELECT coalesce(max(version), 0) FROM status_changes";
            var current = (long)version.ExecuteScalar()!;
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT number, first_name, last_name, registered_at FROM attendants WHERE cancelled_at IS NULL ORDER BY number";
            return new StatusState(current, ReadAttendants(command));
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<StatusChange>> ReadChangesAsync(long afterVersion, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StatusChange>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT s.version, s.kind, a.number, a.first_name, a.last_name, a.registered_at
                FROM status_changes s JOIN attendants a ON a.number = s.attendant_number
                WHERE s.version > $after ORDER BY s.version LIMIT $limit
                """;
            command.Parameters.AddWithValue("$after", afterVersion);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var changes = new List<StatusChange>();
            while (reader.Read())
            {
                changes.Add(new StatusChange(reader.GetInt64(0), (StatusChangeKind)reader.GetInt32(1), SqliteRows.ReadAttendant(reader, 2)));
            }

            return changes;
        });

    /// <inheritdoc />
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        // A database file moved or deleted under a running server would swallow every later
        // write into an unlinked inode: that is an outage, however well queries still answer.
        if (!File.Exists(DatabasePath))
        {
            return false;
        }

        try
        {
            return await ReadAsync(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM sqlite_master";
                command.ExecuteScalar();
                return _writerLoop is { IsCompleted: false };
            });
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    private Task<TResult> ReadAsync<TResult>(Func<SqliteConnection, TResult> read)
    {
        try
        {
            using var connection = new SqliteConnection(_readConnectionString);
            connection.Open();
            return Task.FromResult(read(connection));
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException(StoreUnavailableException.DefaultMessage, exception);
        }
    }

    private static List<Attendant> ReadAttendants(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var attendants = new List<Attendant>();
        while (reader.Read())
        {
            attendants.Add(SqliteRows.ReadAttendant(reader));
        }

        return attendants;
    }
}
