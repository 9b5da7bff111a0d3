using System.Threading.Channels;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Storage;

/// <summary>
/// The one way writes reach a database (group commit). Callers queue operations on a bounded
/// channel; one loop takes whatever is waiting (up to <see cref="MaxBatch"/>), has the dialect run it
/// as one transaction, commits, publishes the committed status changes in version order and only
/// then answers each caller. An operation that fails on its own fails alone: the rest runs again
/// without it. When the database is away, full or read-only, every caller of the batch hears
/// <see cref="StoreUnavailableException"/> and <see cref="StoreAvailability"/> says so until a
/// write commits again; while it says so, an idle engine tries a <see cref="HealthProbe"/> every
/// <see cref="ProbeInterval"/>. Its first work, before any other, is migrating the schema on its
/// writer connection.
/// </summary>
internal sealed partial class WriteEngine(
    IStoreDialect dialect,
    IStatusChangeSink sink,
    StoreAvailability availability,
    TimeProvider time,
    ILogger logger) : IAsyncDisposable
{
    /// <summary>The answer when the connection broke during COMMIT: the outcome is unknown.</summary>
    public const string CommitUncertainMessage =
        "The database connection broke while saving; the change may or may not have been saved. Check before retrying.";

    /// <summary>The most operations in one batch.</summary>
    public const int MaxBatch = 1024;

    /// <summary>How long an engine in an outage waits for work before it probes by itself.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);

    private const int MaxAttempts = 3;

    private readonly Channel<WriteOperation> _writes = Channel.CreateBounded<WriteOperation>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Lock _starting = new();
    private Task? _start;
    private Task? _loop;
    private bool _inOutage;

    /// <summary>True while the loop takes writes.</summary>
    public bool IsRunning => _loop is { IsCompleted: false };

    /// <summary>How many operations wait for the loop.</summary>
    internal int Queued => _writes.Reader.Count;

    /// <summary>
    /// Opens the writer, migrates the schema and starts the loop; callers at once share one start,
    /// and a failed start may be tried again. Writes queued before it wait for it.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_starting)
        {
            if (_start is null || _start.IsFaulted || _start.IsCanceled)
            {
                _start = StartCoreAsync(cancellationToken);
            }

            return _start;
        }
    }

    /// <summary>
    /// Queues <paramref name="operation"/> and returns its result after the commit. The token only
    /// stops the wait for a place in the queue: once queued, the write happens and the task
    /// completes with its real result, whatever became of the caller.
    /// </summary>
    public Task<TResult> WriteAsync<TResult>(WriteOperation<TResult> operation, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        return _writes.Writer.TryWrite(operation) ? operation.Task : WaitForPlaceAsync(operation, cancellationToken);
    }

    /// <summary>Stops taking writes, commits what is queued and ends the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }

        // Writes queued on an engine that never started cannot run.
        while (_writes.Reader.TryRead(out var operation))
        {
            operation.Fail(ShuttingDown(null));
        }
    }

    private static StoreUnavailableException ShuttingDown(Exception? cause) =>
        cause is null ? new("The server is shutting down.") : new("The server is shutting down.", cause);

    private static DateTimeOffset Milliseconds(DateTimeOffset now) => DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        int found;
        try
        {
            found = await dialect.OpenWriterAsync(cancellationToken);
        }
        catch (Exception exception) when (dialect.Classify(exception) == WriteFailure.Outage && !cancellationToken.IsCancellationRequested)
        {
            await dialect.ResetWriterAsync();
            availability.ReportUnavailable(StoreUnavailableException.DefaultMessage);
            throw new StoreUnavailableException(StoreUnavailableException.DefaultMessage, exception);
        }

        if (found != dialect.SchemaVersion)
        {
            LogMigrated(dialect.Location, found, dialect.SchemaVersion);
        }

        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    private async Task<TResult> WaitForPlaceAsync<TResult>(WriteOperation<TResult> operation, CancellationToken cancellationToken)
    {
        try
        {
            await _writes.Writer.WriteAsync(operation, cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            throw ShuttingDown(exception);
        }

        return await operation.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteOperation>(MaxBatch);
        var reader = _writes.Reader;
        while (await WaitForWorkAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            if (batch.Count == 0)
            {
                // Nothing came during an outage: find out whether writes commit again.
                batch.Add(new HealthProbe());
            }

            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception exception)
            {
                // A bug rather than the database: this batch fails, the loop keeps serving the next.
                LogBatchFailed(exception, batch.Count);
                Fail(batch, exception);
            }
        }
    }

    // True when there is work, or a probe is due; false once the channel is completed and empty.
    private async ValueTask<bool> WaitForWorkAsync()
    {
        if (availability.IsAvailable)
        {
            return await _writes.Reader.WaitToReadAsync();
        }

        using var due = new CancellationTokenSource(ProbeInterval, time);
        try
        {
            return await _writes.Reader.WaitToReadAsync(due.Token);
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private async Task WriteBatchAsync(List<WriteOperation> batch)
    {
        StoreUnavailableException? outage = null;
        foreach (var operations in dialect.Transactions(batch))
        {
            if (outage is null)
            {
                outage = await CommitAsync(operations);
            }
            else
            {
                // The database is away: the rest of the batch hears so at once rather than each waiting for a timeout.
                Fail(operations, outage);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="operations"/> as one transaction and answers each of them; returns the
    /// exception their callers got when the database was unavailable, else null.
    /// </summary>
    private async Task<StoreUnavailableException?> CommitAsync(IReadOnlyList<WriteOperation> operations)
    {
        for (var attempt = 1; ; attempt++)
        {
            var committing = false;
            IReadOnlyList<StatusChange> changes;
            try
            {
                changes = await dialect.ExecuteAsync(operations, Milliseconds(time.GetUtcNow()));
                committing = true;
                await dialect.CommitAsync();
            }
            catch (Exception exception)
            {
                var culprit = committing ? null : dialect.FailedOperation;
                await dialect.RollbackAsync();
                switch (dialect.Classify(exception))
                {
                    case WriteFailure.Outage:
                        // Nothing was committed when it broke before COMMIT, so one more try on a fresh
                        // connection is safe: a stale connection after an outage must not cost callers their requests.
                        if (await dialect.ResetWriterAsync() && !committing && attempt == 1)
                        {
                            continue;
                        }

                        return Unavailable(operations, exception, committing && dialect.MayHaveCommitted(exception));
                    case WriteFailure.Transient when attempt < MaxAttempts:
                        LogRetrying(exception, attempt);
                        continue;
                    default:
                        return await IsolateAsync(operations, culprit, exception);
                }
            }

            if (_inOutage)
            {
                LogAvailable(dialect.Location);
                _inOutage = false;
            }

            availability.ReportAvailable();
            Publish(changes);
            foreach (var operation in operations)
            {
                operation.Complete();
            }

            return null;
        }
    }

    // The database is away, full or read-only: every caller of these operations hears so.
    private StoreUnavailableException Unavailable(IReadOnlyList<WriteOperation> operations, Exception exception, bool mayHaveCommitted)
    {
        if (_inOutage)
        {
            LogStillUnavailable(exception, operations.Count);
        }
        else
        {
            LogUnavailable(exception, operations.Count);
            _inOutage = true;
        }

        availability.ReportUnavailable(StoreUnavailableException.DefaultMessage);
        var unavailable = new StoreUnavailableException(mayHaveCommitted ? CommitUncertainMessage : StoreUnavailableException.DefaultMessage, exception);
        Fail(operations, unavailable);
        return unavailable;
    }

    // One operation (not the database) broke the transaction: it fails alone and the rest runs again.
    private async Task<StoreUnavailableException?> IsolateAsync(IReadOnlyList<WriteOperation> operations, WriteOperation? culprit, Exception exception)
    {
        if (operations.Count == 1)
        {
            LogFailed(exception);
            operations[0].Fail(exception);
            return null;
        }

        if (culprit is not null)
        {
            LogFailed(exception);
            culprit.Fail(exception);
            return await CommitAsync([.. operations.Where(o => o != culprit)]);
        }

        // A statement shared by several failed: run each alone to find which.
        LogIsolating(exception, operations.Count);
        StoreUnavailableException? outage = null;
        foreach (var operation in operations)
        {
            if (outage is null)
            {
                outage = await CommitAsync([operation]);
            }
            else
            {
                operation.Fail(outage);
            }
        }

        return outage;
    }

    private static void Fail(IReadOnlyList<WriteOperation> operations, Exception exception)
    {
        foreach (var operation in operations)
        {
            operation.Fail(exception);
        }
    }

    private void Publish(IReadOnlyList<StatusChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        try
        {
            sink.Publish(changes);
        }
        catch (Exception exception)
        {
            // The batch is committed; a failed broadcast must not fail the callers.
            LogPublishFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated {Location} from schema version {From} to {To}")]
    private partial void LogMigrated(string location, int from, int to);

    [LoggerMessage(Level = LogLevel.Error, Message = "The database is unavailable; a write batch of {Count} operations failed")]
    private partial void LogUnavailable(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The database is still unavailable; a write batch of {Count} operations failed")]
    private partial void LogStillUnavailable(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database at {Location} takes writes again")]
    private partial void LogAvailable(string location);

    [LoggerMessage(Level = LogLevel.Error, Message = "A write batch of {Count} operations failed unexpectedly")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A write batch hit a deadlock or serialization failure (attempt {Attempt}); running it again")]
    private partial void LogRetrying(Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A write batch of {Count} operations failed; running them one by one")]
    private partial void LogIsolating(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A write operation failed")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing committed status changes failed")]
    private partial void LogPublishFailed(Exception exception);
}
