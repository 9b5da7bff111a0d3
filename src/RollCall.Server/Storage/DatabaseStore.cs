using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Storage;

/// <summary>
/// RollCall's state in one database, SQLite (<see cref="SqliteDialect"/>, the embedded default) or
/// PostgreSQL (<see cref="PostgresDialect"/>, for several replicas): the events, their codes,
/// attendees and status logs, and the named admin tokens. Every write, the schema migration first, goes through one
/// <see cref="WriteEngine"/> and its single writer connection; reads run on connections of their own
/// and never wait for it. Outages are reported to <see cref="StoreAvailability"/> the same way on
/// both databases.
/// </summary>
internal sealed partial class DatabaseStore : IRegistrationStore, IEventStore, IAdminTokenStore
{
    private readonly IStoreDialect _dialect;
    private readonly WriteEngine _engine;
    private readonly StoreAvailability _availability;
    private readonly TimeProvider _time;
    private Task? _disposal;

    /// <summary>Creates the store over <paramref name="dialect"/>; <see cref="MigrateAsync"/> opens it.</summary>
    public DatabaseStore(IStoreDialect dialect, IStatusChangeSink sink, StoreAvailability availability, TimeProvider time, ILogger<DatabaseStore> logger)
    {
        _dialect = dialect;
        _availability = availability;
        _time = time;
        _engine = new WriteEngine(dialect, sink, availability, time, logger);
    }

    /// <inheritdoc />
    public string Location => _dialect.Location;

    /// <summary>The database's SQL, connections and error classification.</summary>
    internal IStoreDialect Dialect => _dialect;

    /// <summary>The writer, for tests that look at its queue.</summary>
    internal WriteEngine Engine => _engine;

    /// <summary>
    /// Migrates the schema on the writer connection and starts taking writes. A store that started
    /// already has migrated; another store on the same database migrates again when it starts.
    /// </summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => _engine.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CodeRecord>> IssueCodesAsync(CodeIssue issue, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new IssueCodesWrite(issue), cancellationToken);

    /// <inheritdoc />
    public Task<RedeemResult> RedeemAsync(Redemption redemption, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new RedeemWrite(redemption), cancellationToken);

    /// <inheritdoc />
    public Task<RevokeResult?> RevokeCodeAsync(long code, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new RevokeCodeWrite(code), cancellationToken);

    /// <inheritdoc />
    public Task<EventRecord?> CreateEventAsync(EventDraft draft, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new CreateEventWrite(draft), cancellationToken);

    /// <inheritdoc />
    public Task<EventRecord?> UpdateEventAsync(long eventId, EventPatch patch, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new UpdateEventWrite(eventId, patch), cancellationToken);

    /// <inheritdoc />
    public Task<EventRecord?> SetEventStateAsync(long eventId, EventState state, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new SetEventStateWrite(eventId, state), cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetCurrentEventAsync(long eventId, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new SetCurrentEventWrite(eventId), cancellationToken);

    /// <inheritdoc />
    public Task<int?> ForgetNamesAsync(long eventId, DateTimeOffset now, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new ForgetNamesWrite(eventId, now), cancellationToken);

    /// <inheritdoc />
    public Task<bool> AddAsync(string name, byte[] hash, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new AdminTokenWrite(AdminTokenChange.Add, name, hash, createdAt), cancellationToken);

    /// <inheritdoc />
    public Task<bool> ReplaceAsync(string name, byte[] hash, DateTimeOffset rotatedAt, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new AdminTokenWrite(AdminTokenChange.Replace, name, hash, rotatedAt), cancellationToken);

    /// <inheritdoc />
    public Task<bool> RevokeAsync(string name, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        _engine.WriteAsync(new AdminTokenWrite(AdminTokenChange.Revoke, name, null, revokedAt), cancellationToken);

    /// <summary>
    /// True when the database answers and the writer runs. While the store is in an outage, only a
    /// tiny real write through the writer counts, so readiness returns when writes commit again
    /// (space freed, the database writable or back), not merely when reads answer.
    /// </summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        if (!_engine.IsRunning || !_dialect.IsInPlace)
        {
            return false;
        }

        try
        {
            if (!_availability.IsAvailable)
            {
                return await _engine.WriteAsync(new HealthProbe(), cancellationToken).WaitAsync(cancellationToken);
            }

            await QueryAsync("SELECT count(*) FROM health", reader => reader.GetInt64(0), cancellationToken);
            return true;
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Stops taking writes, commits what is queued and closes the database.</summary>
    public ValueTask DisposeAsync()
    {
        // Registered for both ports, the container disposes it twice.
        _disposal ??= DisposeCoreAsync();
        return new ValueTask(_disposal);
    }

    private async Task DisposeCoreAsync()
    {
        await _engine.DisposeAsync();
        await _dialect.DisposeAsync();
    }
}
