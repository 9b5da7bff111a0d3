using System.Data.Common;
using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// The reads of <see cref="DatabaseStore"/>: listings, exports, the status at start-up, the changes
/// another replica committed, the admin tokens. One SQL text serves both databases; only instants
/// differ (Unix milliseconds in SQLite, timestamptz in PostgreSQL), and the dialect maps them.
/// </summary>
internal sealed partial class DatabaseStore
{
    /// <summary>A code with the registration it was used for (<see cref="ReadCode"/>); add a WHERE clause.</summary>
    internal const string SelectCodeSql = """
        SELECT c.seq, c.code, c.label, c.issued_at, c.expires_at, c.redeemed_at, c.revoked_at, a.number, c.event_id
        FROM codes c LEFT JOIN attendants a ON a.code = c.code
        """;

    /// <summary>An event (<see cref="ReadEvent"/>); add a WHERE clause.</summary>
    internal const string SelectEventSql = """
        SELECT id, slug, title, starts_at, ends_at, language, state, created_at, forget_after_days, public_names, names_forgotten_at
        FROM events
        """;

    private const string SelectVersionSql = "SELECT version FROM events WHERE id = @event";

    private const string SelectAttendantsSql = """
        SELECT number, first_name, last_name, registered_at FROM attendants
        WHERE event_id = @event AND number > @after AND cancelled_at IS NULL ORDER BY number LIMIT @limit
        """;

    /// <inheritdoc />
    public Task<IReadOnlyList<CodeRecord>> ListCodesAsync(CodeQuery query, CancellationToken cancellationToken)
    {
        var filter = query.State switch
        {
            CodeState.Outstanding => " AND c.revoked_at IS NULL AND c.redeemed_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > @now)",
            CodeState.Redeemed => " AND c.revoked_at IS NULL AND c.redeemed_at IS NOT NULL",
            CodeState.Revoked => " AND c.revoked_at IS NOT NULL",
            CodeState.Expired => " AND c.revoked_at IS NULL AND c.redeemed_at IS NULL AND c.expires_at <= @now",
            _ => string.Empty,
        } + (query.Label is null ? string.Empty : " AND c.label = @label");
        return QueryAsync(
            SelectCodeSql + " WHERE c.event_id = @event AND c.seq > @after" + filter + " ORDER BY c.seq LIMIT @limit",
            reader => ReadCode(reader, _dialect),
            cancellationToken,
            ("@event", query.EventId),
            ("@after", query.After?.Sequence ?? 0),
            ("@limit", query.Limit),
            ("@now", query.Now),
            ("@label", query.Label ?? string.Empty));
    }

    /// <inheritdoc />
    public async Task<CodeStats> GetCodeStatsAsync(long eventId, CancellationToken cancellationToken) =>
        (await QueryAsync(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE revoked_at IS NULL AND redeemed_at IS NOT NULL),
                   count(*) FILTER (WHERE revoked_at IS NULL AND redeemed_at IS NULL AND (expires_at IS NULL OR expires_at > @now)),
                   count(*) FILTER (WHERE revoked_at IS NOT NULL),
                   count(*) FILTER (WHERE revoked_at IS NULL AND redeemed_at IS NULL AND expires_at <= @now)
            FROM codes WHERE event_id = @event
            """,
            reader => new CodeStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)),
            cancellationToken,
            ("@now", _time.GetUtcNow()),
            ("@event", eventId)))[0];

    /// <inheritdoc />
    public Task<IReadOnlyList<Attendant>> ListAttendantsAsync(long eventId, long afterNumber, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            SelectAttendantsSql, reader => ReadAttendant(reader, _dialect), cancellationToken, ("@event", eventId), ("@after", afterNumber), ("@limit", limit));

    /// <inheritdoc />
    public Task<IReadOnlyList<ExportedAttendant>> ExportAttendantsAsync(long eventId, long afterNumber, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            """
            SELECT a.number, a.first_name, a.last_name, a.registered_at, a.code, c.label
            FROM attendants a JOIN codes c ON c.code = a.code
            WHERE a.event_id = @event AND a.number > @after AND a.cancelled_at IS NULL ORDER BY a.number LIMIT @limit
            """,
            reader => new ExportedAttendant(ReadAttendant(reader, _dialect), reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5)),
            cancellationToken,
            ("@event", eventId),
            ("@after", afterNumber),
            ("@limit", limit));

    /// <inheritdoc />
    public Task<StatusState> LoadStatusAsync(long eventId, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                // One snapshot: the version and the attendee list describe the same moment.
                await using var transaction = await _dialect.BeginSnapshotAsync(connection, cancellationToken);
                var version = await RowsAsync(connection, transaction, SelectVersionSql, reader => reader.GetInt64(0), cancellationToken, ("@event", eventId));
                var attendants = await RowsAsync(
                    connection,
                    transaction,
                    SelectAttendantsSql,
                    reader => ReadAttendant(reader, _dialect),
                    cancellationToken,
                    ("@event", eventId),
                    ("@after", 0L),
                    ("@limit", int.MaxValue));
                await transaction.CommitAsync(cancellationToken);
                return new StatusState(eventId, version.Count == 0 ? 0 : version[0], attendants);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StatusChange>> ReadChangesAsync(long eventId, long afterVersion, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            """
            SELECT a.number, a.first_name, a.last_name, a.registered_at, s.version, s.kind
            FROM status_changes s JOIN attendants a ON a.event_id = s.event_id AND a.number = s.attendant_number
            WHERE s.event_id = @event AND s.version > @after ORDER BY s.version LIMIT @limit
            """,
            reader => new StatusChange(eventId, reader.GetInt64(4), (StatusChangeKind)reader.GetInt16(5), ReadAttendant(reader, _dialect)),
            cancellationToken,
            ("@event", eventId),
            ("@after", afterVersion),
            ("@limit", limit));

    /// <inheritdoc />
    public Task<EventCatalogState> LoadEventsAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                await using var transaction = await _dialect.BeginSnapshotAsync(connection, cancellationToken);
                var events = await RowsAsync(connection, transaction, SelectEventSql + " ORDER BY id", reader => ReadEvent(reader, _dialect), cancellationToken);
                var current = await RowsAsync(connection, transaction, "SELECT current_event FROM settings", reader => reader.GetInt64(0), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new EventCatalogState(events, current[0]);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<long, EventCounts>> CountEventsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<long, EventCounts>>(
            async connection =>
            {
                await using var transaction = await _dialect.BeginSnapshotAsync(connection, cancellationToken);
                var codes = await RowsAsync(
                    connection,
                    transaction,
                    "SELECT event_id, count(*), count(*) FILTER (WHERE redeemed_at IS NOT NULL AND revoked_at IS NULL) FROM codes GROUP BY event_id",
                    reader => (Event: reader.GetInt64(0), Issued: reader.GetInt64(1), Redeemed: reader.GetInt64(2)),
                    cancellationToken);
                var attendees = await RowsAsync(
                    connection,
                    transaction,
                    "SELECT event_id, count(*) FROM attendants WHERE cancelled_at IS NULL GROUP BY event_id",
                    reader => (Event: reader.GetInt64(0), Count: reader.GetInt64(1)),
                    cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                var counts = codes.ToDictionary(c => c.Event, c => new EventCounts(0, c.Issued, c.Redeemed));
                foreach (var (eventId, count) in attendees)
                {
                    counts[eventId] = (counts.GetValueOrDefault(eventId) ?? new EventCounts(0, 0, 0)) with { Attendees = (int)count };
                }

                return counts;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredAdminToken>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT name, hash, created_at, rotated_at, revoked_at FROM admin_tokens ORDER BY id",
            reader => new StoredAdminToken(
                reader.GetString(0),
                reader.GetFieldValue<byte[]>(1),
                _dialect.ReadTime(reader, 2),
                NullableTime(reader, 3, _dialect),
                NullableTime(reader, 4, _dialect)),
            cancellationToken);

    /// <summary>The last committed status version of every event, by id.</summary>
    internal async Task<IReadOnlyDictionary<long, long>> ReadVersionsAsync(CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT id, version FROM events", reader => (reader.GetInt64(0), reader.GetInt64(1)), cancellationToken))
            .ToDictionary(row => row.Item1, row => row.Item2);

    /// <summary>Reads the columns of <see cref="SelectEventSql"/>.</summary>
    internal static EventRecord ReadEvent(DbDataReader reader, IStoreDialect dialect) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        NullableTime(reader, 3, dialect),
        NullableTime(reader, 4, dialect),
        reader.GetString(5),
        (EventState)Convert.ToInt32(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
        dialect.ReadTime(reader, 7),
        reader.IsDBNull(8) ? null : Convert.ToInt32(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture),
        reader.IsDBNull(9) ? null : reader.GetBoolean(9),
        NullableTime(reader, 10, dialect));

    /// <summary>Reads the columns of <see cref="SelectCodeSql"/>.</summary>
    internal static CodeRecord ReadCode(DbDataReader reader, IStoreDialect dialect) => new(
        reader.GetInt64(8),
        reader.GetInt64(0),
        reader.GetInt64(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        dialect.ReadTime(reader, 3),
        NullableTime(reader, 4, dialect),
        NullableTime(reader, 5, dialect),
        NullableTime(reader, 6, dialect),
        reader.IsDBNull(7) ? null : reader.GetInt64(7));

    /// <summary>Reads number, first_name, last_name, registered_at from the first four columns.</summary>
    internal static Attendant ReadAttendant(DbDataReader reader, IStoreDialect dialect) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), dialect.ReadTime(reader, 3));

    private static DateTimeOffset? NullableTime(DbDataReader reader, int ordinal, IStoreDialect dialect) =>
        reader.IsDBNull(ordinal) ? null : dialect.ReadTime(reader, ordinal);

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> row, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        ReadAsync<IReadOnlyList<T>>(async connection => await RowsAsync(connection, null, sql, row, cancellationToken, parameters), cancellationToken);

    // Every row of one statement; instants become the dialect's parameters.
    private async Task<List<T>> RowsAsync<T>(
        DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> row, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = value is DateTimeOffset instant ? _dialect.Time(name, instant) : command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value ??= value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    /// <summary>
    /// Runs <paramref name="read"/> on a reader connection; an outage becomes
    /// <see cref="StoreUnavailableException"/> and is reported. A read that succeeds reports nothing:
    /// a database may answer reads while it refuses writes (full, read-only).
    /// </summary>
    private async Task<TResult> ReadAsync<TResult>(Func<DbConnection, Task<TResult>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dialect.OpenReaderAsync(cancellationToken);
            return await read(connection);
        }
        catch (Exception exception) when (_dialect.Classify(exception) == WriteFailure.Outage && !cancellationToken.IsCancellationRequested)
        {
            _dialect.ResetReaders();
            _availability.ReportUnavailable(StoreUnavailableException.DefaultMessage);
            throw new StoreUnavailableException(StoreUnavailableException.DefaultMessage, exception);
        }
    }
}
