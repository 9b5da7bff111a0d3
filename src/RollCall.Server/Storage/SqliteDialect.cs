using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// The embedded database: one SQLite file (<c>rollcall.db</c>) in the data folder, in WAL mode with
/// <c>synchronous=FULL</c>, so a write acknowledged to a caller survives a crash or power loss. Exactly
/// one writer connection per store, and a lock file so one server owns a data folder; reads use a
/// pool of read-only connections.
/// </summary>
internal sealed partial class SqliteDialect : IStoreDialect
{
    /// <summary>How long a starting server waits for another one to release the data folder.</summary>
    internal static readonly TimeSpan FolderLockWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan _folderLockRetry = TimeSpan.FromMilliseconds(100);

    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private readonly string _lockPath;
    private readonly CodeGenerator _generator;
    private readonly ILogger<SqliteDialect> _logger;
    private readonly Dictionary<string, SqliteCommand> _commands = [];
    private FileStream? _lock;
    private SqliteConnection? _writer;
    private SqliteTransaction? _transaction;

    /// <summary>Creates the dialect for the configured data folder; nothing is opened yet.</summary>
    public SqliteDialect(IOptions<DataOptions> options, CodeGenerator generator, ILogger<SqliteDialect> logger)
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
        _logger = logger;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public string Location => Path.GetDirectoryName(DatabasePath)!;

    /// <inheritdoc />
    public int SchemaVersion => SqliteSchema.CurrentVersion;

    /// <summary>
    /// False once the file was moved or deleted under the running server: every later write would
    /// go into an unlinked inode, however well queries still answer.
    /// </summary>
    public bool IsInPlace => File.Exists(DatabasePath);

    /// <inheritdoc />
    public WriteOperation? FailedOperation { get; private set; }

    /// <summary>The one writer connection; tests read its settings while the writer is idle.</summary>
    internal SqliteConnection? Writer => _writer;

    /// <inheritdoc />
    public async Task<int> OpenWriterAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Location);
        _lock = await TakeFolderLockAsync(cancellationToken);
        try
        {
            _writer = new SqliteConnection(_writeConnectionString);
            _writer.Open();
            Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            return SqliteSchema.Migrate(_writer);
        }
        catch
        {
            CloseWriter();
            throw;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyList<WriteOperation>> Transactions(List<WriteOperation> batch) => [batch];

    /// <inheritdoc />
    public DbCommand WriteCommand(string sql)
    {
        var command = _writer!.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    /// <inheritdoc />
    public Task CommitAsync()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RollbackAsync()
    {
        try
        {
            _transaction?.Rollback();
        }
        catch (SqliteException)
        {
            // SQLite may have rolled back by itself (a full disk, an I/O error); nothing is left open.
        }
        finally
        {
            _transaction?.Dispose();
            _transaction = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A full disk, a read-only or unreadable file, an I/O error, a lock held too long or no memory
    /// is an outage; constraint errors and everything else belong to one operation.
    /// </summary>
    public WriteFailure Classify(Exception exception) =>
        exception is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) is
            5 /* BUSY */ or 6 /* LOCKED */ or 7 /* NOMEM */ or 8 /* READONLY */ or 10 /* IOERR */ or 11 /* CORRUPT */
            or 13 /* FULL */ or 14 /* CANTOPEN */ or 26 /* NOTADB */
            ? WriteFailure.Outage
            : WriteFailure.Operation;

    /// <summary>An I/O error during COMMIT may come after the WAL frames reached the disk; a full disk comes before.</summary>
    public bool MayHaveCommitted(Exception exception) => exception is SqliteException { SqliteErrorCode: var code } && (code & 0xFF) == 10;

    /// <inheritdoc />
    public Task<bool> ResetWriterAsync() => Task.FromResult(false);

    /// <inheritdoc />
    public ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            connection.Open();
            return ValueTask.FromResult<DbConnection>(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void ResetReaders()
    {
        using var connection = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <inheritdoc />
    public Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    /// <inheritdoc />
    public DbParameter Time(string name, DateTimeOffset? value) =>
        new SqliteParameter(name, value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value);

    /// <inheritdoc />
    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>Checkpoints the WAL into the database file, closes it and releases the data folder.</summary>
    public ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            try
            {
                Execute("PRAGMA wal_checkpoint(TRUNCATE);");
            }
            catch (SqliteException exception)
            {
                LogCheckpointFailed(exception);
            }
        }

        CloseWriter();
        ResetReaders();
        return ValueTask.CompletedTask;
    }

    /// <summary>The writer's prepared statement for <paramref name="sql"/>, in the open transaction, with these parameter values.</summary>
    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _writer!.CreateCommand();
            command.CommandText = sql;
            command.Prepare();
            _commands[sql] = command;
        }

        command.Transaction = _transaction;
        foreach (var (name, value) in parameters)
        {
            var index = command.Parameters.IndexOf(name);
            if (index < 0)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
            else
            {
                command.Parameters[index].Value = value ?? DBNull.Value;
            }
        }

        return command;
    }

    /// <summary>
    /// One server per data folder: a second one would write behind the first one's back. A server
    /// restarted at once may find the lock still held for a moment (the old process still closing,
    /// a restore finishing), so it waits up to <see cref="FolderLockWait"/> before it gives up.
    /// </summary>
    private async Task<FileStream> TakeFolderLockAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var waiting = false;
        while (true)
        {
            try
            {
                return new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException exception) when (Stopwatch.GetElapsedTime(started) >= FolderLockWait)
            {
                throw new InvalidOperationException(
                    $"Another RollCall server is using the data folder {Location} (its lock file was still held after {FolderLockWait.TotalSeconds:0} s).",
                    exception);
            }
            catch (IOException) when (!waiting)
            {
                waiting = true;
                LogWaitingForFolderLock(Location, FolderLockWait.TotalSeconds);
            }
            catch (IOException)
            {
            }

            await Task.Delay(_folderLockRetry, cancellationToken);
        }
    }

    private void Execute(string sql)
    {
        using var command = _writer!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void CloseWriter()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _transaction?.Dispose();
        _transaction = null;
        _writer?.Dispose();
        _writer = null;
        _lock?.Dispose();
        _lock = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data folder {Location} is locked by another RollCall server; waiting up to {Seconds} s for it to let go")]
    private partial void LogWaitingForFolderLock(string location, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The final WAL checkpoint failed; SQLite replays the WAL at the next start")]
    private partial void LogCheckpointFailed(Exception exception);
}
