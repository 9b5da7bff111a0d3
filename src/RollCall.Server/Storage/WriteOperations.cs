using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// One write waiting for the <see cref="WriteEngine"/>, which runs many of them in one transaction
/// (group commit). The dialect works out the result inside the transaction; the caller gets it only
/// after the commit, or the failure if nothing of it was committed.
/// </summary>
internal abstract class WriteOperation
{
    /// <summary>Delivers the pending result; called after the commit.</summary>
    public abstract void Complete();

    /// <summary>Delivers a failure; nothing of this operation was committed (or, when said so, may have been).</summary>
    public abstract void Fail(Exception exception);
}

/// <summary>A write whose caller awaits a <typeparamref name="TResult"/>.</summary>
internal abstract class WriteOperation<TResult> : WriteOperation
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the commit with <see cref="Result"/>.</summary>
    public Task<TResult> Task => _completion.Task;

    /// <summary>The result the dialect worked out in the open transaction; set again if the transaction runs again.</summary>
    public TResult? Result { get; set; }

    /// <inheritdoc />
    public override void Complete() => _completion.TrySetResult(Result!);

    /// <inheritdoc />
    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}

/// <summary>Redeems a code; dialects run consecutive redemptions of a batch together.</summary>
internal sealed class RedeemWrite(Redemption redemption) : WriteOperation<RedeemResult>
{
    public Redemption Redemption => redemption;
}

/// <summary>Mints codes: draws, inserts, and draws again for codes that exist already.</summary>
internal sealed class IssueCodesWrite(CodeIssue issue) : WriteOperation<IReadOnlyList<CodeRecord>>
{
    private const int MaxRounds = 64;

    public CodeIssue Issue => issue;

    /// <summary>
    /// Issues the codes in a few rounds of one statement each: <paramref name="insert"/> inserts the
    /// drawn codes and adds the rows it inserted; a code that exists already comes back missing and
    /// is drawn again. The result is in issue order.
    /// </summary>
    public async Task RunAsync(CodeGenerator generator, Func<long[], List<CodeRecord>, Task> insert)
    {
        var issued = new List<CodeRecord>(issue.Count);
        for (var round = 0; issued.Count < issue.Count; round++)
        {
            if (round == MaxRounds)
            {
                throw new InvalidOperationException("The code space is nearly exhausted; use longer codes (--code-digits).");
            }

            var drawn = new HashSet<long>(issue.Count - issued.Count);
            for (var attempt = 0; drawn.Count < issue.Count - issued.Count && attempt < issue.Count * MaxRounds; attempt++)
            {
                drawn.Add(generator.Next());
            }

            await insert([.. drawn], issued);
        }

        issued.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        Result = issued;
    }
}

/// <summary>Revokes a code and cancels the registration it was used for.</summary>
internal sealed class RevokeCodeWrite(long code) : WriteOperation<RevokeResult?>
{
    /// <summary>Marks the code revoked (both databases).</summary>
    public const string RevokeSql = "UPDATE codes SET revoked_at = @now WHERE code = @code";

    /// <summary>Cancels the registration the code was used for, returning the attendee (both databases).</summary>
    public const string CancelSql = """
        UPDATE attendants SET cancelled_at = @now WHERE code = @code AND cancelled_at IS NULL
        RETURNING number, first_name, last_name, registered_at
        """;

    public long Code => code;
}

/// <summary>What an <see cref="AdminTokenWrite"/> does.</summary>
internal enum AdminTokenChange
{
    /// <summary>Adds a token unless one in force has the name.</summary>
    Add,

    /// <summary>Gives the token in force a new hash.</summary>
    Replace,

    /// <summary>Revokes the token in force.</summary>
    Revoke,
}

/// <summary>A change to the named admin tokens (<see cref="IAdminTokenStore"/>); true when a row changed.</summary>
internal sealed class AdminTokenWrite(AdminTokenChange change, string name, byte[]? hash, DateTimeOffset at) : WriteOperation<bool>
{
    public string Name => name;

    public byte[]? Hash => hash;

    /// <summary>When, in milliseconds like every stored instant.</summary>
    public DateTimeOffset At { get; } = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    /// <summary>
    /// One statement (both databases): when two replicas create the same name at once, the unique
    /// index on the names in force lets exactly one of them succeed.
    /// </summary>
    public string Sql => change switch
    {
        AdminTokenChange.Add => "INSERT INTO admin_tokens (name, hash, created_at) VALUES (@name, @hash, @at) ON CONFLICT DO NOTHING",
        AdminTokenChange.Replace => "UPDATE admin_tokens SET hash = @hash, rotated_at = @at WHERE name = @name AND revoked_at IS NULL",
        _ => "UPDATE admin_tokens SET revoked_at = @at WHERE name = @name AND revoked_at IS NULL",
    };
}

/// <summary>
/// A tiny real write (the one row of the <c>health</c> table): while the store is in an outage,
/// readiness returns only once a write commits again.
/// </summary>
internal sealed class HealthProbe : WriteOperation<bool>
{
    /// <summary>The probe's statement (both databases).</summary>
    public const string Sql = "UPDATE health SET checked_at = @now";

    public HealthProbe() => Result = true;
}
