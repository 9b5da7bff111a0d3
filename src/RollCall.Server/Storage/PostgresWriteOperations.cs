using Npgsql;
using NpgsqlTypes;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// One write waiting for the replica's PostgreSQL writer, which runs a batch of them in one
/// transaction (group commit); each result is delivered only after that transaction commits.
/// </summary>
internal abstract class PostgresWriteOperation
{
    /// <summary>
    /// The code whose row this operation locks. Operations on different codes commute, so the
    /// writer sorts a batch by this key (stably, keeping the order of operations on one code):
    /// every replica then locks code rows in ascending order and two batches cannot deadlock.
    /// </summary>
    public abstract long LockOrder { get; }

    /// <summary>Runs the statements inside the open transaction; the result stays pending.</summary>
    public abstract Task ExecuteAsync(PostgresWriteContext context);

    /// <summary>Delivers the pending result; called after the commit.</summary>
    public abstract void Complete();

    /// <summary>Delivers a failure; nothing of this operation was committed.</summary>
    public abstract void Fail(Exception exception);
}

internal abstract class PostgresWriteOperation<TResult> : PostgresWriteOperation
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Task => _completion.Task;

    protected TResult? Result { get; set; }

    public override void Complete() => _completion.TrySetResult(Result!);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}

/// <summary>A redemption. The writer sends consecutive ones together (<see cref="PostgresWriteContext.RedeemAsync"/>).</summary>
internal sealed class PostgresRedeem(Redemption redemption) : PostgresWriteOperation<RedeemResult>
{
    public Redemption Redemption => redemption;

    public override long LockOrder => redemption.Code;

    public override Task ExecuteAsync(PostgresWriteContext context) => context.RedeemAsync([this]);

    public void Decide(RedeemStatus status) => Result = new RedeemResult(status);

    public void Registered(Attendant attendant) => Result = new RedeemResult(RedeemStatus.Registered, attendant);
}

internal sealed class PostgresIssueCodes(CodeIssue issue, CodeGenerator generator) : PostgresWriteOperation<IReadOnlyList<CodeRecord>>
{
    private const int MaxRounds = 64;

    // Issuing locks no existing row; it goes after everything else in the batch.
    public override long LockOrder => long.MaxValue;

    public override async Task ExecuteAsync(PostgresWriteContext context)
    {
        // One statement for the whole request; a code that collides with an existing one comes
        // back missing from RETURNING and is drawn again in the next round.
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO codes (code, label, issued_at, expires_at)
            SELECT n.code, @label, @now, @expires FROM unnest(@codes) WITH ORDINALITY AS n(code, i) ORDER BY n.i
            ON CONFLICT (code) DO NOTHING RETURNING seq, code
            """,
            context.Connection,
            context.Transaction);
        var codes = new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        insert.Parameters.Add(codes);
        insert.Parameters.Add(PostgresRows.Text("label", issue.Label));
        insert.Parameters.Add(PostgresRows.Time("now", context.Now));
        insert.Parameters.Add(PostgresRows.Time("expires", issue.ExpiresAt));
        var issued = new List<CodeRecord>(issue.Count);
        for (var round = 0; issued.Count < issue.Count; round++)
        {
            if (round == MaxRounds)
            {
                throw new InvalidOperationException("The code space is nearly exhausted; use longer codes (--code-digits).");
            }

            codes.Value = Draw(issue.Count - issued.Count);
            await using var reader = await insert.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                issued.Add(new CodeRecord(reader.GetInt64(0), reader.GetInt64(1), issue.Label, context.Now, issue.ExpiresAt, null, null, null));
            }
        }

        issued.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        Result = issued;
    }

    private long[] Draw(int count)
    {
        var drawn = new HashSet<long>(count);
        for (var attempt = 0; drawn.Count < count && attempt < count * MaxRounds; attempt++)
        {
            drawn.Add(generator.Next());
        }

        return [.. drawn];
    }
}

internal sealed class PostgresRevokeCode(long code) : PostgresWriteOperation<RevokeResult?>
{
    public long Code => code;

    public override long LockOrder => code;

    public override async Task ExecuteAsync(PostgresWriteContext context)
    {
        // Lock the row first, then read it in a second statement: under READ COMMITTED that
        // statement's snapshot is taken after the lock, so it sees a registration another replica
        // committed while this one waited (a locking join would still miss its attendee row).
        await using var batch = new NpgsqlBatch(context.Connection, context.Transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT 1 FROM codes WHERE code = @code FOR UPDATE") { Parameters = { new("code", code) } },
                new NpgsqlBatchCommand(PostgresRows.SelectCodeSql + " WHERE c.code = @code") { Parameters = { new("code", code) } },
            },
        };
        CodeRecord? existing = null;
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await reader.NextResultAsync();
            if (await reader.ReadAsync())
            {
                existing = PostgresRows.ReadCode(reader);
            }
        }

        if (existing is null || existing.RevokedAt is not null)
        {
            Result = existing is null ? null : new RevokeResult(existing, null, AlreadyRevoked: true);
            return;
        }

        await using var revoke = new NpgsqlCommand("UPDATE codes SET revoked_at = @now WHERE code = @code", context.Connection, context.Transaction);
        revoke.Parameters.Add(PostgresRows.Time("now", context.Now));
        revoke.Parameters.AddWithValue("code", code);
        await revoke.ExecuteNonQueryAsync();
        var revoked = existing with { RevokedAt = context.Now };
        Attendant? cancelled = null;
        if (existing.RedeemedAt is not null)
        {
            await using var cancel = new NpgsqlCommand(
                """
                UPDATE attendants SET cancelled_at = @now WHERE code = @code AND cancelled_at IS NULL
                RETURNING number, first_name, last_name, registered_at
                """,
                context.Connection,
                context.Transaction);
            cancel.Parameters.Add(PostgresRows.Time("now", context.Now));
            cancel.Parameters.AddWithValue("code", code);
            await using var reader = await cancel.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                cancelled = PostgresRows.ReadAttendant(reader);
            }
        }

        if (cancelled is not null)
        {
            context.RecordCancellation(cancelled);
        }

        Result = new RevokeResult(revoked, cancelled, AlreadyRevoked: false);
    }
}
