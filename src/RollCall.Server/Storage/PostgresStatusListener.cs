using System.Collections.Concurrent;
using System.Threading.Channels;
using Npgsql;

using RollCall.Server.Application;
using RollCall.Server.Live;

namespace RollCall.Server.Storage;

/// <summary>
/// Keeps this replica's events and live statuses in step with commits made through the other
/// replicas. It LISTENs on one dedicated connection; a notification (<see cref="StatusNotice"/>)
/// names the event whose status moved and its last committed version, or says the events changed,
/// and however many arrive while a catch-up runs, they collapse into one more catch-up, which reads
/// the missing changes of each named event from the database
/// (<see cref="IRegistrationStore.ReadChangesAsync"/>) and publishes them to its broadcaster (which
/// ignores versions it already has, such as this replica's own commits). It also catches up every
/// event on every (re)connect, so nothing committed while the connection was down is lost, and an
/// event whenever its broadcaster reports a gap. A catch-up too large to replay, or erased names,
/// reload the event's whole status instead. The connection is re-established with capped
/// exponential backoff.
/// </summary>
internal sealed partial class PostgresStatusListener(
    IRegistrationStore store,
    EventStatuses statuses,
    EventDesk events,
    StoreAvailability availability,
    ILogger<PostgresStatusListener> logger) : BackgroundService
{
    private const int PageSize = 1000;
    private const int ReloadAbove = 20_000;
    private static readonly TimeSpan _firstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _maxBackoff = TimeSpan.FromSeconds(5);

    // What the next catch-up must do: the events named since the last one (with the version a
    // notification announced, or -1 when unknown), the events to reload, and whether to check everything.
    private readonly ConcurrentDictionary<long, long> _moved = new();
    private readonly ConcurrentDictionary<long, bool> _forgotten = new();
    private volatile bool _everything = true;
    private volatile bool _catalog;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not DatabaseStore { Dialect: PostgresDialect postgres } database)
        {
            return;
        }

        statuses.GapDetected += OnGap;
        try
        {
            await Task.WhenAll(ListenAsync(postgres, stoppingToken), CatchUpLoopAsync(database, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            statuses.GapDetected -= OnGap;
        }
    }

    private async Task ListenAsync(PostgresDialect postgres, CancellationToken stoppingToken)
    {
        var backoff = _firstBackoff;
        var wasDown = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = postgres.CreateListenerConnection();
                connection.Notification += OnNotification;
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("LISTEN " + PostgresDialect.NotifyChannel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Availability returns with the next commit (the writer probes while it is off), not with LISTEN, which is a read.
                if (wasDown)
                {
                    LogReconnected(logger, postgres.Database);
                    wasDown = false;
                }

                backoff = _firstBackoff;
                // Listening now: whatever was committed before is read by this catch-up, anything later is notified.
                _everything = true;
                Wake();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever broke the connection, the answer is the same: back off and connect again.
                if (!wasDown)
                {
                    LogDisconnected(logger, exception, postgres.Database);
                    wasDown = true;
                }

                availability.ReportUnavailable(StoreUnavailableException.DefaultMessage);
                await Task.Delay(backoff + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100)), stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _maxBackoff.Ticks));
            }
        }
    }

    private async Task CatchUpLoopAsync(DatabaseStore database, CancellationToken stoppingToken)
    {
        await foreach (var _ in _wake.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await CatchUpAsync(database, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Try again shortly; a reconnect of the listener wakes this loop as well.
                if (exception is not StoreUnavailableException)
                {
                    LogCatchUpFailed(logger, exception);
                }

                await Task.Delay(_maxBackoff, stoppingToken);
                _everything = true;
                Wake();
            }
        }
    }

    private async Task CatchUpAsync(DatabaseStore database, CancellationToken stoppingToken)
    {
        var everything = _everything;
        _everything = false;
        if (everything || _catalog)
        {
            _catalog = false;
            await events.ReloadAsync(stoppingToken);
        }

        foreach (var eventId in _forgotten.Keys)
        {
            _forgotten.TryRemove(eventId, out _);
            _moved.TryRemove(eventId, out _);
            Reload(await store.LoadStatusAsync(eventId, stoppingToken));
        }

        if (everything)
        {
            foreach (var (eventId, version) in await database.ReadVersionsAsync(stoppingToken))
            {
                _moved.TryRemove(eventId, out _);
                await CatchUpEventAsync(eventId, version, stoppingToken);
            }
        }

        foreach (var eventId in _moved.Keys)
        {
            if (_moved.TryRemove(eventId, out var version))
            {
                await CatchUpEventAsync(eventId, version, stoppingToken);
            }
        }
    }

    // Reads an event's missing changes page by page up to latest (-1: until none are left).
    private async Task CatchUpEventAsync(long eventId, long latest, CancellationToken stoppingToken)
    {
        var broadcaster = statuses.Find(eventId);
        if (broadcaster is null || (latest >= 0 && latest - broadcaster.Current.Version > ReloadAbove))
        {
            Reload(await store.LoadStatusAsync(eventId, stoppingToken));
            return;
        }

        while (latest < 0 || broadcaster.Current.Version < latest)
        {
            var before = broadcaster.Current.Version;
            var changes = await store.ReadChangesAsync(eventId, before, PageSize, stoppingToken);
            if (changes.Count == 0 && latest < 0)
            {
                return;
            }

            if (changes.Count > 0)
            {
                broadcaster.Publish(changes);
            }

            if (broadcaster.Current.Version <= before)
            {
                // The changes did not apply (they should always follow on): start over from a full load.
                Reload(await store.LoadStatusAsync(eventId, stoppingToken));
                return;
            }
        }
    }

    private void Reload(Domain.StatusState state)
    {
        statuses.Reset(state);
        LogReloaded(logger, state.EventId, state.Version);
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs notification)
    {
        if (!StatusNotice.TryParse(notification.Payload, out var notice))
        {
            _everything = true;
        }
        else if (notice.Kind == 'e')
        {
            _catalog = true;
        }
        else if (notice.Kind == 'f')
        {
            _forgotten[notice.EventId] = true;
        }
        else if (statuses.Find(notice.EventId) is { } known && known.Current.Version >= notice.Version)
        {
            // This replica's own commits are usually in the broadcaster already.
            return;
        }
        else
        {
            _moved.AddOrUpdate(notice.EventId, notice.Version, (_, seen) => seen < 0 ? seen : Math.Max(seen, notice.Version));
        }

        Wake();
    }

    private void OnGap(long eventId, long afterVersion)
    {
        _moved[eventId] = -1;
        Wake();
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL notification connection to {Database}; reconnecting with backoff")]
    private static partial void LogDisconnected(ILogger logger, Exception exception, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening to PostgreSQL {Database} again; catching up")]
    private static partial void LogReconnected(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded the whole status of event {EventId} from PostgreSQL at version {Version}")]
    private static partial void LogReloaded(ILogger logger, long eventId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up from PostgreSQL failed; retrying")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception);
}
