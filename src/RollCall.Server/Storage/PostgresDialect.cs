using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// The database for several replicas sharing one PostgreSQL. The writer has a connection of its own,
/// outside the pool, so public reads can never starve it; reads use the pool. Within a transaction,
/// consecutive redemptions go in one round trip, and the batch's status versions (and registration
/// numbers) come last, from each event's row in <c>events</c>, so they are gap-free in commit order
/// across replicas; a NOTIFY then tells the other replicas (<see cref="PostgresStatusListener"/>).
/// </summary>
internal sealed partial class PostgresDialect : IStoreDialect
{
    /// <summary>The channel every replica LISTENs on; the payloads are <see cref="StatusNotice"/>s.</summary>
    public const string NotifyChannel = "rollcall_status";

    private readonly NpgsqlConnectionStringBuilder _settings;
    private readonly NpgsqlDataSource _readers;
    private readonly NpgsqlDataSource _writerSource;
    private readonly CodeGenerator _generator;
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    /// <summary>Creates the dialect for the configured connection string; nothing is opened yet.</summary>
    public PostgresDialect(IOptions<StorageOptions> options, CodeGenerator generator)
    {
        _settings = PostgresConnections.Configure(options.Value.ConnectionString
            ?? throw new InvalidOperationException("No PostgreSQL connection string is configured."));
        _readers = NpgsqlDataSource.Create(_settings);
        // Keepalive: an idle writer finds a dead connection before a batch does.
        _writerSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_settings.ConnectionString) { Pooling = false, KeepAlive = 10 });
        _generator = generator;
    }

    /// <inheritdoc />
    public string Location => "PostgreSQL " + Database;

    /// <summary>Host, port and database, for logs (never the password).</summary>
    public string Database => PostgresConnections.Describe(_settings);

    /// <inheritdoc />
    public int SchemaVersion => PostgresSchema.CurrentVersion;

    /// <inheritdoc />
    public bool IsInPlace => true;

    /// <inheritdoc />
    public WriteOperation? FailedOperation { get; private set; }

    /// <inheritdoc />
    public async Task<int> OpenWriterAsync(CancellationToken cancellationToken)
    {
        try
        {
            _connection = await _writerSource.OpenConnectionAsync(cancellationToken);
            return await PostgresSchema.MigrateAsync(_connection, cancellationToken);
        }
        catch
        {
            await ResetWriterAsync();
            throw;
        }
    }

    /// <summary>
    /// The batch in lock order (ascending code, stable: operations on one code keep their order), so
    /// every replica locks code rows in the same order and two batches cannot deadlock; cut before a
    /// revocation of a code that an earlier redemption in the same transaction registered, because
    /// the attendee row that revocation cancels is only written at the end of a transaction.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<WriteOperation>> Transactions(List<WriteOperation> batch)
    {
        var transactions = new List<IReadOnlyList<WriteOperation>>(1);
        var transaction = new List<WriteOperation>(batch.Count);
        var redeemed = new HashSet<long>();
        foreach (var operation in batch.OrderBy(LockOrder))
        {
            if (operation is RevokeCodeWrite revoke && redeemed.Contains(revoke.Code))
            {
                transactions.Add(transaction);
                transaction = [];
                redeemed.Clear();
            }

            if (operation is RedeemWrite redeem)
            {
                redeemed.Add(redeem.Redemption.Code);
            }

            transaction.Add(operation);
        }

        transactions.Add(transaction);
        return transactions;
    }

    /// <inheritdoc />
    public async Task CommitAsync()
    {
        await _transaction!.CommitAsync();
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    /// <inheritdoc />
    public async Task RollbackAsync()
    {
        _pending.Clear();
        if (_transaction is null)
        {
            return;
        }

        try
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
        }
        catch (Exception)
        {
            // A broken connection: the server rolls back what it left open; ResetWriterAsync drops it.
        }

        _transaction = null;
    }

    /// <summary>
    /// The database away or unable to write (refused, dropped, timed out, shutting down, out of
    /// connections or disk, read-only, a statement timeout) is an outage; a deadlock or serialization
    /// failure is transient; anything else belongs to one operation.
    /// </summary>
    public WriteFailure Classify(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } => WriteFailure.Transient,
        PostgresException postgres => IsOutage(postgres.SqlState) ? WriteFailure.Outage : WriteFailure.Operation,
        NpgsqlException or TimeoutException or IOException or System.Net.Sockets.SocketException => WriteFailure.Outage, // the socket, a timeout, the pool
        _ => WriteFailure.Operation,
    };

    /// <summary>Only an error the server answered COMMIT with says for sure that nothing was committed.</summary>
    public bool MayHaveCommitted(Exception exception) => exception is not PostgresException { InvariantSeverity: "ERROR" };

    /// <summary>Closes the writer connection (the next transaction opens a new one) and empties the pool; true.</summary>
    public async Task<bool> ResetWriterAsync()
    {
        _transaction = null;
        if (_connection is not null)
        {
            try
            {
                await _connection.DisposeAsync();
            }
            catch (Exception)
            {
                // Closing a broken connection may fail too; it is dropped either way.
            }

            _connection = null;
        }

        // Idle pooled connections are likely as dead as this one.
        _readers.Clear();
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken) =>
        await _readers.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public void ResetReaders() => _readers.Clear();

    /// <inheritdoc />
    public async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    /// <summary>A timestamptz parameter; PostgreSQL keeps instants, so the offset goes to UTC.</summary>
    public DbParameter Time(string name, DateTimeOffset? value) => TimeParameter(name, value);

    /// <inheritdoc />
    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>
    /// A connection of its own for LISTEN, outside the pool, with TCP keepalive so a vanished
    /// server is noticed even when no notification is due.
    /// </summary>
    public NpgsqlConnection CreateListenerConnection() =>
        new(new NpgsqlConnectionStringBuilder(_settings.ConnectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString);

    /// <summary>Closes the writer connection and both data sources.</summary>
    public async ValueTask DisposeAsync()
    {
        await ResetWriterAsync();
        await _writerSource.DisposeAsync();
        await _readers.DisposeAsync();
    }

    private static bool IsOutage(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) // connection exception
        || state.StartsWith("53", StringComparison.Ordinal) // insufficient resources: disk full (53100), memory, too many connections
        || state.StartsWith("57", StringComparison.Ordinal) // operator intervention: statement timeout or cancel (57014), shutting down (57P)
        || state.StartsWith("58", StringComparison.Ordinal) // system error
        || state.StartsWith("28", StringComparison.Ordinal) // authentication failed
        || state is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.ReadOnlySqlTransaction;

    // Redemptions and revocations lock their code's row; the rest locks none and goes last.
    private static long LockOrder(WriteOperation operation) => operation switch
    {
        RedeemWrite redeem => redeem.Redemption.Code,
        RevokeCodeWrite revoke => revoke.Code,
        _ => long.MaxValue,
    };

    private static NpgsqlParameter TimeParameter(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
