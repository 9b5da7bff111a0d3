using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Storage;

/// <summary>
/// The embedded store: one SQLite file (<c>rollcall.db</c>) in the data folder, in WAL mode with
/// <c>synchronous=FULL</c>, so a write acknowledged to a caller survives a crash or power loss.
/// All writes go through one writer connection that commits whatever is waiting as one
/// transaction (group commit): one fsync covers many callers, and each caller is answered only
/// after its transaction committed. Reads use a pool of read-only connections and never wait
/// for the writer.
/// </summary>
public sealed partial class SqliteRegistrationStore : IRegistrationStore
{
    private const int MaxBatch = 1024;
    private readonly Channel<SqliteWriteOperation> _writes = Channel.CreateBounded<SqliteWriteOperation>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private readonly string _lockPath;
    private readonly CodeGenerator _generator;
    private readonly IStatusChangeSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteRegistrationStore> _logger;
    private FileStream? _lock;
    private SqliteConnection? _writer;
    private Task? _writerLoop;

    /// <summary>Creates the store for the configured data folder; <see cref="MigrateAsync"/> opens it.</summary>
    public SqliteRegistrationStore(
        IOptions<DataOptions> options,
        CodeGenerator generator,
        IStatusChangeSink sink,
        TimeProvider time,
        ILogger<SqliteRegistrationStore> logger)
    {
        var dataDir = Path.GetFullPath(options.Value.DataDir);
        DatabasePath = Path.Combine(dataDir, "rollcall.db");
        _lockPath = Path.Combine(dataDir, "rollcall.lock");
        _writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _generator = generator;
        _sink = sink;
        _time = time;
        _logger = logger;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public string Location => Path.GetDirectoryName(DatabasePath)!;

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        try
        {
            // One server per data folder: a second one would write behind the first one's back.
            _lock = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException(
                $"Another RollCall server is using the data folder {Path.GetDirectoryName(DatabasePath)}.", exception);
        }

        _writer = new SqliteConnection(_writeConnectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
        var found = SqliteSchema.Migrate(_writer);
        if (found != SqliteSchema.CurrentVersion)
        {
            LogMigrated(DatabasePath, found, SqliteSchema.CurrentVersion);
        }

        _writerLoop = Task.Factory.StartNew(RunWriterAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CodeRecord>> IssueCodesAsync(CodeIssue issue, CancellationToken cancellationToken) =>
        await EnqueueAsync(new IssueCodesOperation(issue, _generator), cancellationToken);

    /// <inheritdoc />
    public Task<RedeemResult> RedeemAsync(Redemption redemption, CancellationToken cancellationToken) =>
        EnqueueAsync(new RedeemOperation(redemption), cancellationToken);

    /// <inheritdoc />
    public Task<RevokeResult?> RevokeCodeAsync(long code, CancellationToken cancellationToken) =>
        EnqueueAsync(new RevokeCodeOperation(code), cancellationToken);

    /// <summary>Stops taking writes, commits what is queued, checkpoints the WAL and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        if (_writerLoop is not null)
        {
            await _writerLoop;
        }

        if (_writer is not null)
        {
            try
            {
                Execute(_writer, "PRAGMA wal_checkpoint(TRUNCATE);");
            }
            catch (SqliteException exception)
            {
                LogCheckpointFailed(exception);
            }

            await _writer.DisposeAsync();
            _writer = null;
        }

        SqliteConnection.ClearAllPools();
        if (_lock is not null)
        {
            await _lock.DisposeAsync();
            _lock = null;
        }
    }

    private async Task<TResult> EnqueueAsync<TResult>(SqliteWriteOperation<TResult> operation, CancellationToken cancellationToken)
    {
        try
        {
            await _writes.Writer.WriteAsync(operation, cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            throw new StoreUnavailableException("The server is shutting down.", exception);
        }

        // Once queued, the write happens and its task completes with the real result, even if this
        // caller stops waiting: the use cases settle budgets and audit records on that result.
        return await operation.Task;
    }

    private async Task RunWriterAsync()
    {
        using var context = new SqliteWriteContext(_writer!);
        var batch = new List<SqliteWriteOperation>(MaxBatch);
        var reader = _writes.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            var succeeded = new List<SqliteWriteOperation>(batch.Count);
            try
            {
                context.Run(batch, _time.GetUtcNow(), succeeded);
            }
            catch (Exception exception)
            {
                LogBatchFailed(exception, batch.Count);
                context.Rollback();
                var unavailable = new StoreUnavailableException(StoreUnavailableException.DefaultMessage, exception);
                // Nothing of the batch committed: every caller hears so (one that already failed on its own keeps that answer).
                foreach (var operation in batch)
                {
                    operation.Fail(unavailable);
                }

                continue;
            }

            if (context.Changes.Count > 0)
            {
                try
                {
                    _sink.Publish([.. context.Changes]);
                }
                catch (Exception exception)
                {
                    // The batch is committed; a failed broadcast must not fail the callers.
                    LogPublishFailed(exception);
                }
            }

            foreach (var operation in succeeded)
            {
                operation.Complete();
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated {Database} from schema version {From} to {To}")]
    private partial void LogMigrated(string database, int from, int to);

    [LoggerMessage(Level = LogLevel.Error, Message = "A write batch of {Count} operations failed and was rolled back")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing committed status changes failed")]
    private partial void LogPublishFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The final WAL checkpoint failed; SQLite replays the WAL at the next start")]
    private partial void LogCheckpointFailed(Exception exception);
}
