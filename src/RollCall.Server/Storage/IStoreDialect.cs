using System.Data.Common;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>How a failed write is answered.</summary>
internal enum WriteFailure
{
    /// <summary>One operation is at fault (a constraint, an exhausted code space): it fails alone.</summary>
    Operation,

    /// <summary>A deadlock or serialization failure: the same transaction may simply run again.</summary>
    Transient,

    /// <summary>The database is away, full, read-only or broken: the callers hear it is unavailable.</summary>
    Outage,
}

/// <summary>
/// What differs between the databases: their connections, their SQL and the classification of
/// their errors. <see cref="WriteEngine"/> calls the writer members from its one loop, never two
/// at once; <see cref="DatabaseStore"/> calls the reader members from any thread.
/// </summary>
internal interface IStoreDialect : IAsyncDisposable
{
    /// <summary>Where the data lives, for logs (never a password).</summary>
    string Location { get; }

    /// <summary>The schema version this build writes.</summary>
    int SchemaVersion { get; }

    /// <summary>False when the database is known to be gone from where the store opened it.</summary>
    bool IsInPlace { get; }

    /// <summary>The operation whose own statements were running when <see cref="ExecuteAsync"/> threw; null when a statement shared by several was.</summary>
    WriteOperation? FailedOperation { get; }

    /// <summary>Opens the writer connection and migrates the schema on it; returns the schema version found.</summary>
    Task<int> OpenWriterAsync(CancellationToken cancellationToken);

    /// <summary>Splits a batch into the transactions that run it, in order.</summary>
    IReadOnlyList<IReadOnlyList<WriteOperation>> Transactions(List<WriteOperation> batch);

    /// <summary>
    /// Begins a transaction and runs <paramref name="operations"/> in it, leaving each result pending;
    /// returns the status changes they made, with their versions, in version order.
    /// </summary>
    Task<IReadOnlyList<StatusChange>> ExecuteAsync(IReadOnlyList<WriteOperation> operations, DateTimeOffset now);

    /// <summary>A new command on the writer connection, in the transaction <see cref="ExecuteAsync"/> began; the caller disposes it.</summary>
    DbCommand WriteCommand(string sql);

    /// <summary>Commits the transaction <see cref="ExecuteAsync"/> began.</summary>
    Task CommitAsync();

    /// <summary>Ends the transaction without committing, if one is open; never throws.</summary>
    Task RollbackAsync();

    /// <summary>What <paramref name="exception"/> from a write (or a read) means.</summary>
    WriteFailure Classify(Exception exception);

    /// <summary>True when an outage during COMMIT leaves it unknown whether the transaction committed.</summary>
    bool MayHaveCommitted(Exception exception);

    /// <summary>Drops writer state an outage may have broken; true when a retry at once, on a fresh connection, may succeed.</summary>
    Task<bool> ResetWriterAsync();

    /// <summary>Opens a connection for reads.</summary>
    ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken);

    /// <summary>Drops idle reader connections after an outage.</summary>
    void ResetReaders();

    /// <summary>Begins a read transaction in which every statement sees the same committed state.</summary>
    Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A parameter holding an instant the way this database stores instants.</summary>
    DbParameter Time(string name, DateTimeOffset? value);

    /// <summary>Reads an instant stored by <see cref="Time"/>.</summary>
    DateTimeOffset ReadTime(DbDataReader reader, int ordinal);
}
