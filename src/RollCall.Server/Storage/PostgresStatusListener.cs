using System.Globalization;
using System.Threading.Channels;
using Npgsql;

using RollCall.Server.Application;
using RollCall.Server.Live;

namespace RollCall.Server.Storage;

/// <summary>
/// Keeps this replica's live status in step with commits made through the other replicas. It
/// LISTENs on one dedicated connection; a notification carries only the last committed version,
/// and however many arrive while a catch-up runs, they collapse into one more catch-up, which
/// reads the missing changes from the database (<see cref="IRegistrationStore.ReadChangesAsync"/>)
/// and publishes them to the broadcaster (which ignores versions it already has, such as this
/// replica's own commits). It also catches up on every (re)connect, so nothing committed while
/// the connection was down is lost, and whenever the broadcaster reports a gap. A catch-up too
/// large to replay reloads the whole status instead. The connection is re-established with
/// capped exponential backoff.
/// </summary>
internal sealed partial class PostgresStatusListener(
    IRegistrationStore store,
    StatusBroadcaster broadcaster,
    StoreAvailability availability,
    ILogger<PostgresStatusListener> logger) : BackgroundService
{
    private const int PageSize = 1000;
    private const int ReloadAbove = 20_000;
    private static readonly TimeSpan _firstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _maxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not DatabaseStore { Dialect: PostgresDialect postgres } database)
        {
            return;
        }

        broadcaster.GapDetected += OnGap;
        try
        {
            await Task.WhenAll(ListenAsync(postgres, stoppingToken), CatchUpLoopAsync(database, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            broadcaster.GapDetected -= OnGap;
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
                Wake();
            }
        }
    }

    private async Task CatchUpAsync(DatabaseStore database, CancellationToken stoppingToken)
    {
        var latest = await database.ReadVersionAsync(stoppingToken);
        if (latest - broadcaster.Current.Version > ReloadAbove)
        {
            var state = await store.LoadStatusAsync(stoppingToken);
            broadcaster.Reset(state);
            LogReloaded(logger, state.Version);
            return;
        }

        while (broadcaster.Current.Version < latest)
        {
            var before = broadcaster.Current.Version;
            var changes = await store.ReadChangesAsync(before, PageSize, stoppingToken);
            if (changes.Count > 0)
            {
                broadcaster.Publish(changes);
            }

            if (broadcaster.Current.Version <= before)
            {
                // The changes did not apply (they should always follow on): start over from a full load.
                var state = await store.LoadStatusAsync(stoppingToken);
                broadcaster.Reset(state);
                LogReloaded(logger, state.Version);
                return;
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs notification)
    {
        // This replica's own commits are usually in the broadcaster already.
        if (!long.TryParse(notification.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || version > broadcaster.Current.Version)
        {
            Wake();
        }
    }

    private void OnGap(long afterVersion) => Wake();

    private void Wake() => _wake.Writer.TryWrite(true);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL notification connection to {Database}; reconnecting with backoff")]
    private static partial void LogDisconnected(ILogger logger, Exception exception, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening to PostgreSQL {Database} again; catching up")]
    private static partial void LogReconnected(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded the whole status from PostgreSQL at version {Version}")]
    private static partial void LogReloaded(ILogger logger, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up from PostgreSQL failed; retrying")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception);
}
