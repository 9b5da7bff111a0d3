using Microsoft.Data.Sqlite;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// One write waiting for the single SQLite writer. The writer runs many of them in one
/// transaction (group commit); each result is delivered only after that transaction commits.
/// </summary>
internal abstract class SqliteWriteOperation
{
    /// <summary>Runs the statements inside the batch transaction and keeps the result pending.</summary>
    public abstract void Execute(SqliteWriteContext context);

    /// <summary>Delivers the pending result; called after the commit.</summary>
    public abstract void Complete();

    /// <summary>Delivers a failure; nothing of this operation was committed.</summary>
    public abstract void Fail(Exception exception);
}

internal abstract class SqliteWriteOperation<TResult> : SqliteWriteOperation
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;

    public Task<TResult> Task => _completion.Task;

    public override void Execute(SqliteWriteContext context) => _result = Run(context);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    protected abstract TResult Run(SqliteWriteContext context);
}

internal sealed class RedeemOperation(Redemption redemption) : SqliteWriteOperation<RedeemResult>
{
    protected override RedeemResult Run(SqliteWriteContext context)
    {
        var redeem = context.Command(
            "redeem",
            """
            UPDATE codes SET redeemed_at = $now
            WHERE code = $code AND redeemed_at IS NULL AND revoked_at IS NULL
              AND (expires_at IS NULL OR expires_at > $now)
            """);
        redeem.Parameters["$now"].Value = context.NowMs;
        redeem.Parameters["$code"].Value = redemption.Code;
        if (redeem.ExecuteNonQuery() == 1)
        {
            var insert = context.Command(
                "insert-attendant",
                """
                INSERT INTO attendants (code, first_name, last_name, registered_at)
                VALUES ($code, $first, $last, $now) RETURNING number
                """);
            insert.Parameters["$code"].Value = redemption.Code;
            insert.Parameters["$first"].Value = redemption.FirstName;
            insert.Parameters["$last"].Value = redemption.LastName;
            insert.Parameters["$now"].Value = context.NowMs;
            var number = (long)insert.ExecuteScalar()!;
            var attendant = new Attendant(number, redemption.FirstName, redemption.LastName, context.Now);
            context.RecordChange(StatusChangeKind.Registered, attendant);
            return new RedeemResult(RedeemStatus.Registered, attendant);
        }

        var probe = context.Command("probe-code", "SELECT redeemed_at, revoked_at, expires_at FROM codes WHERE code = $code");
        probe.Parameters["$code"].Value = redemption.Code;
        using var reader = probe.ExecuteReader();
        if (!reader.Read())
        {
            return new RedeemResult(RedeemStatus.UnknownCode);
        }

        var status = !reader.IsDBNull(1) ? RedeemStatus.Revoked
            : !reader.IsDBNull(0) ? RedeemStatus.AlreadyUsed
            : RedeemStatus.Expired;
        return new RedeemResult(status);
    }
}

internal sealed class IssueCodesOperation(CodeIssue issue, CodeGenerator generator) : SqliteWriteOperation<IReadOnlyList<CodeRecord>>
{
    private const int MaxAttemptsPerCode = 64;

    protected override IReadOnlyList<CodeRecord> Run(SqliteWriteContext context)
    {
        var insert = context.Command(
            "insert-code",
            """
            INSERT INTO codes (code, label, issued_at, expires_at) VALUES ($code, $label, $now, $expires)
            ON CONFLICT (code) DO NOTHING RETURNING seq
            """);
        insert.Parameters["$label"].Value = (object?)issue.Label ?? DBNull.Value;
        insert.Parameters["$now"].Value = context.NowMs;
        insert.Parameters["$expires"].Value = issue.ExpiresAt is { } expires ? expires.ToUnixTimeMilliseconds() : DBNull.Value;
        var codes = new List<CodeRecord>(issue.Count);
        for (var i = 0; i < issue.Count; i++)
        {
            codes.Add(InsertOne(insert, context));
        }

        return codes;
    }

    private CodeRecord InsertOne(SqliteCommand insert, SqliteWriteContext context)
    {
        for (var attempt = 0; attempt < MaxAttemptsPerCode; attempt++)
        {
            var code = generator.Next();
            insert.Parameters["$code"].Value = code;
            // A collision with an existing code returns no row: draw again.
            if (insert.ExecuteScalar() is long seq)
            {
                return new CodeRecord(seq, code, issue.Label, context.Now, issue.ExpiresAt, null, null, null);
            }
        }

        throw new InvalidOperationException("The code space is nearly exhausted; use longer codes (--code-digits).");
    }
}

internal sealed class RevokeCodeOperation(long code) : SqliteWriteOperation<RevokeResult?>
{
    protected override RevokeResult? Run(SqliteWriteContext context)
    {
        var existing = SqliteRows.FindCode(context.Command("find-code", SqliteRows.SelectCodeSql + " WHERE c.code = $code"), code);
        if (existing is null)
        {
            return null;
        }

        if (existing.RevokedAt is not null)
        {
            return new RevokeResult(existing, null, AlreadyRevoked: true);
        }

        var revoke = context.Command("revoke", "UPDATE codes SET revoked_at = $now WHERE code = $code");
        revoke.Parameters["$now"].Value = context.NowMs;
        revoke.Parameters["$code"].Value = code;
        revoke.ExecuteNonQuery();
        var revoked = existing with { RevokedAt = context.Now };
        if (existing.RedeemedAt is null)
        {
            return new RevokeResult(revoked, null, AlreadyRevoked: false);
        }

        var cancel = context.Command(
            "cancel-attendant",
            """
            UPDATE attendants SET cancelled_at = $now WHERE code = $code AND cancelled_at IS NULL
            RETURNING number, first_name, last_name, registered_at
            """);
        cancel.Parameters["$now"].Value = context.NowMs;
        cancel.Parameters["$code"].Value = code;
        using var reader = cancel.ExecuteReader();
        if (!reader.Read())
        {
            return new RevokeResult(revoked, null, AlreadyRevoked: false);
        }

        var attendant = SqliteRows.ReadAttendant(reader);
        reader.Close();
        context.RecordChange(StatusChangeKind.Cancelled, attendant);
        return new RevokeResult(revoked, attendant, AlreadyRevoked: false);
    }
}

/// <summary>The open batch transaction and the prepared statements of the writer connection.</summary>
internal sealed class SqliteWriteContext(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = [];
    private readonly List<StatusChange> _changes = [];
    private SqliteTransaction? _transaction;

    public DateTimeOffset Now { get; private set; }

    public long NowMs { get; private set; }

    public IReadOnlyList<StatusChange> Changes => _changes;

    public void Begin(DateTimeOffset now)
    {
        Now = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        NowMs = Now.ToUnixTimeMilliseconds();
        _changes.Clear();
        _transaction = connection.BeginTransaction(deferred: false);
        foreach (var command in _commands.Values)
        {
            command.Transaction = _transaction;
        }
    }

    public void Commit()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
    }

    public void Rollback()
    {
        try
        {
            _transaction?.Rollback();
        }
        finally
        {
            _transaction?.Dispose();
            _transaction = null;
            _changes.Clear();
        }
    }

    /// <summary>
    /// Runs <paramref name="batch"/> as one transaction and commits it; <paramref name="succeeded"/>
    /// gets the operations whose results are committed. The batch first runs without savepoints,
    /// which would cost two more statements per operation; only if one operation fails on its own
    /// (a constraint, say) is the batch undone and run again with a savepoint around each
    /// operation, so the others still commit. Disk and database errors propagate.
    /// </summary>
    public void Run(IReadOnlyList<SqliteWriteOperation> batch, DateTimeOffset now, List<SqliteWriteOperation> succeeded)
    {
        Begin(now);
        var failed = false;
        foreach (var operation in batch)
        {
            try
            {
                operation.Execute(this);
            }
            catch (Exception exception) when (IsOperationError(exception))
            {
                failed = true;
                break;
            }
        }

        if (!failed)
        {
            Commit();
            succeeded.AddRange(batch);
            return;
        }

        Rollback();
        Begin(now);
        foreach (var operation in batch)
        {
            if (TryExecute(operation))
            {
                succeeded.Add(operation);
            }
        }

        Commit();
    }

    /// <summary>Runs <paramref name="operation"/> inside a savepoint, so its failure leaves the rest of the batch intact.</summary>
    public bool TryExecute(SqliteWriteOperation operation)
    {
        var changesBefore = _changes.Count;
        _transaction!.Save("op");
        try
        {
            operation.Execute(this);
            _transaction.Release("op");
            return true;
        }
        catch (SqliteException exception) when (!IsFatal(exception))
        {
            _transaction.Rollback("op");
            _changes.RemoveRange(changesBefore, _changes.Count - changesBefore);
            operation.Fail(exception);
            return false;
        }
        catch (InvalidOperationException exception)
        {
            _transaction.Rollback("op");
            _changes.RemoveRange(changesBefore, _changes.Count - changesBefore);
            operation.Fail(exception);
            return false;
        }
    }

    public SqliteCommand Command(string key, string sql)
    {
        if (!_commands.TryGetValue(key, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            foreach (var name in SqliteRows.ParameterNames(sql))
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            command.Prepare();
            _commands[key] = command;
        }

        return command;
    }

    public void RecordChange(StatusChangeKind kind, Attendant attendant)
    {
        var insert = Command(
            "insert-change",
            "INSERT INTO status_changes (kind, attendant_number, changed_at) VALUES ($kind, $number, $now) RETURNING version");
        insert.Parameters["$kind"].Value = (int)kind;
        insert.Parameters["$number"].Value = attendant.Number;
        insert.Parameters["$now"].Value = NowMs;
        var version = (long)insert.ExecuteScalar()!;
        _changes.Add(new StatusChange(version, kind, attendant));
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
    }

    private static bool IsOperationError(Exception exception) =>
        exception is InvalidOperationException || (exception is SqliteException sqlite && !IsFatal(sqlite));

    // Disk I/O, a full disk or a corrupt file end the batch; constraint errors end one operation.
    private static bool IsFatal(SqliteException exception) =>
        exception.SqliteErrorCode is 10 /* IOERR */ or 13 /* FULL */ or 11 /* CORRUPT */ or 26 /* NOTADB */ or 14 /* CANTOPEN */;
}
