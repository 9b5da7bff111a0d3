using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// The embedded database: one SQLite file (<c>rollcall.db</c>) in the data folder, in WAL mode with
/// <c>synchronous=FULL</c>, so a write acknowledged to a caller survives a crash or power loss. Exactly
/// one writer connection per store, and a lock file so one server owns a data folder; reads use a
/// pool of read-only connections. A run of redemptions costs a few statements however long it is:
/// codes, names and numbers travel as JSON arrays and <c>json_each</c> unpacks them.
/// </summary>
internal sealed partial class SqliteDialect : IStoreDialect
{
    private const string RedeemSql = """
        UPDATE codes SET redeemed_at = @now
        WHERE code IN (SELECT value FROM json_each(@codes)) AND redeemed_at IS NULL AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > @now)
        RETURNING code
        """;

    private const string ExplainRefusalsSql = """
        SELECT code, redeemed_at IS NOT NULL, revoked_at IS NOT NULL FROM codes
        WHERE code IN (SELECT value FROM json_each(@codes))
        """;

    private const string CountersSql = """
        SELECT (SELECT coalesce(max(number), 0) FROM attendants), (SELECT coalesce(max(version), 0) FROM status_changes)
        """;

    // @rows: [[number, code, first name, last name], ...]
    private const string InsertAttendantsSql = """
        INSERT INTO attendants (number, code, first_name, last_name, registered_at)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, @now FROM json_each(@rows)
        """;

    private const string InsertRegisteredChangesSql = """
        INSERT INTO status_changes (version, kind, attendant_number, changed_at)
        SELECT @first + key, @kind, value ->> 0, @now FROM json_each(@rows)
        """;

    private const string InsertCodesSql = """
        INSERT INTO codes (code, label, issued_at, expires_at)
        SELECT value, @label, @now, @expires FROM json_each(@codes) WHERE true
        ON CONFLICT (code) DO NOTHING RETURNING seq, code
        """;

    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private readonly string _lockPath;
    private readonly CodeGenerator _generator;
    private readonly ILogger<SqliteDialect> _logger;
    private readonly Dictionary<string, SqliteCommand> _commands = [];
    private readonly StringBuilder _json = new();
    private FileStream? _lock;
    private SqliteConnection? _writer;
    private SqliteTransaction? _transaction;
    private List<StatusChange> _changes = [];
    private DateTimeOffset _now;
    private object _nowMs = 0L;

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
    public Task<int> OpenWriterAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Location);
        try
        {
            // One server per data folder: a second one would write behind the first one's back.
            _lock = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException($"Another RollCall server is using the data folder {Location}.", exception);
        }

        try
        {
            _writer = new SqliteConnection(_writeConnectionString);
            _writer.Open();
            Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            return Task.FromResult(SqliteSchema.Migrate(_writer));
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
    public async Task<IReadOnlyList<StatusChange>> ExecuteAsync(IReadOnlyList<WriteOperation> operations, DateTimeOffset now)
    {
        _now = now;
        _nowMs = now.ToUnixTimeMilliseconds();
        _changes = [];
        FailedOperation = null;
        _transaction = _writer!.BeginTransaction(deferred: false);
        for (var i = 0; i < operations.Count;)
        {
            if (operations[i] is RedeemWrite)
            {
                var end = i + 1;
                while (end < operations.Count && operations[end] is RedeemWrite)
                {
                    end++;
                }

                Redeem(operations, i, end);
                i = end;
                continue;
            }

            var operation = operations[i++];
            FailedOperation = operation;
            switch (operation)
            {
                case IssueCodesWrite issue:
                    await issue.RunAsync(_generator, (codes, issued) => InsertCodes(issue.Issue, codes, issued));
                    break;
                case RevokeCodeWrite revoke:
                    Revoke(revoke);
                    break;
                case AdminTokenWrite token:
                    ChangeToken(token);
                    break;
                case HealthProbe:
                    Command(HealthProbe.Sql, ("@now", _nowMs)).ExecuteNonQuery();
                    break;
                default:
                    throw new InvalidOperationException($"SQLite cannot run a {operation.GetType().Name}.");
            }

            FailedOperation = null;
        }

        return _changes;
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

    /// <summary>
    /// Redeems the run <paramref name="start"/>..<paramref name="end"/>: one conditional UPDATE for
    /// all of its codes (a code changes once however many ask for it, and the first to ask wins),
    /// then the new attendees and their status changes in one INSERT each, with the next numbers
    /// and versions, then one query for why the others were refused.
    /// </summary>
    private void Redeem(IReadOnlyList<WriteOperation> operations, int start, int end)
    {
        var run = new RedeemWrite[end - start];
        for (var i = 0; i < run.Length; i++)
        {
            run[i] = (RedeemWrite)operations[start + i];
        }

        var changed = new HashSet<long>();
        using (var reader = Command(RedeemSql, ("@now", _nowMs), ("@codes", Json(run.Select(r => r.Redemption.Code)))).ExecuteReader())
        {
            while (reader.Read())
            {
                changed.Add(reader.GetInt64(0));
            }
        }

        List<RedeemWrite> refused = changed.Count == 0 ? [.. run] : [];
        if (changed.Count > 0)
        {
            using var counters = Command(CountersSql).ExecuteReader();
            counters.Read();
            var (number, version) = (counters.GetInt64(0), counters.GetInt64(1));
            var first = version + 1;
            _json.Clear().Append('[');
            foreach (var write in run)
            {
                var redemption = write.Redemption;
                if (!changed.Remove(redemption.Code))
                {
                    refused.Add(write);
                    continue;
                }

                var attendant = new Attendant(++number, redemption.FirstName, redemption.LastName, _now);
                write.Result = new RedeemResult(RedeemStatus.Registered, attendant);
                _changes.Add(new StatusChange(++version, StatusChangeKind.Registered, attendant));
                _json.Append(_json.Length > 1 ? ",[" : "[").Append(number).Append(',').Append(redemption.Code).Append(',');
                AppendJsonString(redemption.FirstName).Append(',');
                AppendJsonString(redemption.LastName).Append(']');
            }

            var rows = _json.Append(']').ToString();
            Command(InsertAttendantsSql, ("@now", _nowMs), ("@rows", rows)).ExecuteNonQuery();
            Command(InsertRegisteredChangesSql, ("@now", _nowMs), ("@rows", rows), ("@first", first), ("@kind", (int)StatusChangeKind.Registered)).ExecuteNonQuery();
        }

        if (refused.Count == 0)
        {
            return;
        }

        var found = new Dictionary<long, RedeemStatus>();
        using (var reader = Command(ExplainRefusalsSql, ("@codes", Json(refused.Select(r => r.Redemption.Code)))).ExecuteReader())
        {
            while (reader.Read())
            {
                found[reader.GetInt64(0)] = reader.GetBoolean(2) ? RedeemStatus.Revoked
                    : reader.GetBoolean(1) ? RedeemStatus.AlreadyUsed
                    : RedeemStatus.Expired;
            }
        }

        foreach (var write in refused)
        {
            write.Result = new RedeemResult(found.GetValueOrDefault(write.Redemption.Code, RedeemStatus.UnknownCode));
        }
    }

    private Task InsertCodes(CodeIssue issue, long[] codes, List<CodeRecord> issued)
    {
        var insert = Command(InsertCodesSql, ("@now", _nowMs), ("@label", issue.Label), ("@expires", issue.ExpiresAt?.ToUnixTimeMilliseconds()), ("@codes", Json(codes)));
        using var reader = insert.ExecuteReader();
        while (reader.Read())
        {
            issued.Add(new CodeRecord(reader.GetInt64(0), reader.GetInt64(1), issue.Label, _now, issue.ExpiresAt, null, null, null));
        }

        return Task.CompletedTask;
    }

    private void Revoke(RevokeCodeWrite write)
    {
        CodeRecord? existing;
        using (var reader = Command(DatabaseStore.SelectCodeSql + " WHERE c.code = @code", ("@code", write.Code)).ExecuteReader())
        {
            existing = reader.Read() ? DatabaseStore.ReadCode(reader, this) : null;
        }

        if (existing is null || existing.RevokedAt is not null)
        {
            write.Result = existing is null ? null : new RevokeResult(existing, null, AlreadyRevoked: true);
            return;
        }

        Command(RevokeCodeWrite.RevokeSql, ("@now", _nowMs), ("@code", write.Code)).ExecuteNonQuery();
        Attendant? cancelled = null;
        if (existing.RedeemedAt is not null)
        {
            using var reader = Command(RevokeCodeWrite.CancelSql, ("@now", _nowMs), ("@code", write.Code)).ExecuteReader();
            cancelled = reader.Read() ? DatabaseStore.ReadAttendant(reader, this) : null;
        }

        if (cancelled is not null)
        {
            var change = Command(
                "INSERT INTO status_changes (kind, attendant_number, changed_at) VALUES (@kind, @number, @now) RETURNING version",
                ("@kind", (int)StatusChangeKind.Cancelled),
                ("@number", cancelled.Number),
                ("@now", _nowMs));
            _changes.Add(new StatusChange((long)change.ExecuteScalar()!, StatusChangeKind.Cancelled, cancelled));
        }

        write.Result = new RevokeResult(existing with { RevokedAt = _now }, cancelled, AlreadyRevoked: false);
    }

    private void ChangeToken(AdminTokenWrite write) =>
        write.Result = Command(write.Sql, ("@name", write.Name), ("@at", write.At.ToUnixTimeMilliseconds()), ("@hash", write.Hash)).ExecuteNonQuery() == 1;

    private string Json(IEnumerable<long> values)
    {
        _json.Clear().Append('[');
        foreach (var value in values)
        {
            _json.Append(_json.Length > 1 ? "," : string.Empty).Append(value);
        }

        return _json.Append(']').ToString();
    }

    // JSON string escaping by hand: everything but quotes, backslashes and control characters goes
    // through as it is, so SQLite reads back exactly the characters given.
    private StringBuilder AppendJsonString(string value)
    {
        _json.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' or '\\' => _json.Append('\\').Append(c),
                < ' ' => _json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => _json.Append(c),
            };
        }

        return _json.Append('"');
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The final WAL checkpoint failed; SQLite replays the WAL at the next start")]
    private partial void LogCheckpointFailed(Exception exception);
}
