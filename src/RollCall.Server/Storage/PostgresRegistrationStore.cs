using System.Data;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Storage;

/// <summary>
/// The store for several replicas sharing one PostgreSQL database. Each replica queues its
/// writes to one writer that commits whatever is waiting as one transaction (group commit, like
/// the SQLite store) and answers each caller only after the commit; the status changes then go
/// to the local broadcaster, and a NOTIFY tells the other replicas (<see cref="PostgresStatusListener"/>).
/// Reads use the connection pool. When PostgreSQL cannot be reached, calls fail within seconds
/// with <see cref="StoreUnavailableException"/> and work again by themselves once it is back.
/// </summary>
public sealed partial class PostgresRegistrationStore : IRegistrationStore
{
    private const int MaxBatch = 1024;
    private readonly Channel<PostgresWriteOperation> _writes = Channel.CreateBounded<PostgresWriteOperation>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly NpgsqlConnectionStringBuilder _settings;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresBatchWriter _writer;
    private readonly CodeGenerator _generator;
    private readonly StoreAvailability _availability;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresRegistrationStore> _logger;
    private Task? _writerLoop;

    /// <summary>Creates the store for the configured connection string; <see cref="MigrateAsync"/> starts it.</summary>
    public PostgresRegistrationStore(
        IOptions<StorageOptions> options,
        CodeGenerator generator,
        IStatusChangeSink sink,
        StoreAvailability availability,
        TimeProvider time,
        ILogger<PostgresRegistrationStore> logger)
    {
        _settings = PostgresConnections.Configure(options.Value.ConnectionString
            ?? throw new InvalidOperationException("No PostgreSQL connection string is configured."));
        _dataSource = NpgsqlDataSource.Create(_settings);
        _generator = generator;
        _availability = availability;
        _time = time;
        _logger = logger;
        _writer = new PostgresBatchWriter(_dataSource, sink, availability, time, logger);
    }

    /// <inheritdoc />
    public string Location => "PostgreSQL " + Database;

    /// <summary>Host, port and database, for logs (never the password).</summary>
    internal string Database => PostgresConnections.Describe(_settings);

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (_writerLoop is not null)
        {
            return;
        }

        var found = await UseAsync(async connection => await PostgresSchema.MigrateAsync(connection, cancellationToken), cancellationToken);
        if (found != PostgresSchema.CurrentVersion)
        {
            LogMigrated(Database, found, PostgresSchema.CurrentVersion);
        }

        _writerLoop = Task.Run(RunWriterAsync, CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CodeRecord>> IssueCodesAsync(CodeIssue issue, CancellationToken cancellationToken) =>
        await EnqueueAsync(new PostgresIssueCodes(issue, _generator), cancellationToken);

    /// <inheritdoc />
    public Task<RedeemResult> RedeemAsync(Redemption redemption, CancellationToken cancellationToken) =>
        EnqueueAsync(new PostgresRedeem(redemption), cancellationToken);

    /// <inheritdoc />
    public Task<RevokeResult?> RevokeCodeAsync(long code, CancellationToken cancellationToken) =>
        EnqueueAsync(new PostgresRevokeCode(code), cancellationToken);

    /// <inheritdoc />
    public Task<StatusState> LoadStatusAsync(CancellationToken cancellationToken) =>
        UseAsync(
            async connection =>
            {
                // One snapshot: the version and the attendee list describe the same moment.
                await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
                await using var read = new NpgsqlCommand("SELECT version FROM status_counter", connection, transaction);
                var version = (long)(await read.ExecuteScalarAsync(cancellationToken))!;
                var attendants = await ReadAttendantsAsync(connection, transaction, 0, int.MaxValue, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new StatusState(version, attendants);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StatusChange>> ReadChangesAsync(long afterVersion, int limit, CancellationToken cancellationToken) =>
        UseAsync<IReadOnlyList<StatusChange>>(
            async connection =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    SELECT s.version, s.kind, a.number, a.first_name, a.last_name, a.registered_at
                    FROM status_changes s JOIN attendants a ON a.number = s.attendant_number
                    WHERE s.version > @after ORDER BY s.version LIMIT @limit
                    """,
                    connection);
                command.Parameters.AddWithValue("after", afterVersion);
                command.Parameters.AddWithValue("limit", limit);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var changes = new List<StatusChange>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    changes.Add(new StatusChange(reader.GetInt64(0), (StatusChangeKind)reader.GetInt16(1), PostgresRows.ReadAttendant(reader, 2)));
                }

                return changes;
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await UseAsync(
                async connection =>
                {
                    await using var command = new NpgsqlCommand("SELECT 1", connection);
                    await command.ExecuteScalarAsync(cancellationToken);
                    return _writerLoop is { IsCompleted: false };
                },
                cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Stops taking writes, commits what is queued and closes the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        if (_writerLoop is not null)
        {
            await _writerLoop;
        }

        await _dataSource.DisposeAsync();
    }

    /// <summary>The last committed status version.</summary>
    internal Task<long> ReadVersionAsync(CancellationToken cancellationToken) =>
        UseAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand("SELECT version FROM status_counter", connection);
                return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            },
            cancellationToken);

    /// <summary>
    /// A connection of its own for LISTEN, outside the pool, with TCP keepalive so a vanished
    /// server is noticed even when no notification is due.
    /// </summary>
    internal NpgsqlConnection CreateListenerConnection() =>
        new(new NpgsqlConnectionStringBuilder(_settings.ConnectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString);

    private async Task<TResult> EnqueueAsync<TResult>(PostgresWriteOperation<TResult> operation, CancellationToken cancellationToken)
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
        var batch = new List<PostgresWriteOperation>(MaxBatch);
        var reader = _writes.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            await _writer.WriteAsync(batch);
        }
    }

    /// <summary>
    /// Runs <paramref name="use"/> on a pooled connection; an unreachable database becomes
    /// <see cref="StoreUnavailableException"/> and is reported to <see cref="StoreAvailability"/>.
    /// </summary>
    internal async Task<TResult> UseAsync<TResult>(Func<NpgsqlConnection, Task<TResult>> use, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            var result = await use(connection);
            _availability.ReportAvailable();
            return result;
        }
        catch (Exception exception) when (PostgresConnections.IsUnavailable(exception) && !cancellationToken.IsCancellationRequested)
        {
            _dataSource.Clear();
            _availability.ReportUnavailable(StoreUnavailableException.DefaultMessage);
            throw new StoreUnavailableException(StoreUnavailableException.DefaultMessage, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated PostgreSQL {Database} from schema version {From} to {To}")]
    private partial void LogMigrated(string database, int from, int to);
}
