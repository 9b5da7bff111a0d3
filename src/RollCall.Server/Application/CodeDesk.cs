using RollCall.Server.Domain;

namespace RollCall.Server.Application;

/// <summary>Why a request to mint codes is refused.</summary>
public enum IssueProblem
{
    /// <summary>The count is outside 1..<see cref="CodeDesk.MaxCodesPerCall"/>.</summary>
    CountOutOfRange,

    /// <summary>The label is longer than <see cref="CodeLabel.MaxLength"/>.</summary>
    LabelTooLong,

    /// <summary>The label holds control characters.</summary>
    LabelControlCharacters,

    /// <summary>The time to live is not positive or longer than <see cref="CodeDesk.MaxTimeToLive"/>.</summary>
    TimeToLiveOutOfRange,

    /// <summary>The event is closed or archived: its codes would be refused.</summary>
    EventClosed,
}

/// <summary>An organizer's request for new codes.</summary>
/// <param name="Count">How many.</param>
/// <param name="Label">The label as typed; empty or null for none.</param>
/// <param name="TimeToLive">How long the codes stay valid; null for ever.</param>
public sealed record CodeOrder(int Count, string? Label, TimeSpan? TimeToLive);

/// <summary>The result of <see cref="CodeDesk.IssueAsync"/>: the codes, or why none were minted.</summary>
public abstract record IssueOutcome
{
    private IssueOutcome()
    {
    }

    /// <summary>The codes were minted, all in one transaction.</summary>
    public sealed record Issued(IReadOnlyList<CodeRecord> Codes) : IssueOutcome;

    /// <summary>Nothing was minted: the order broke a rule.</summary>
    public sealed record Refused(IssueProblem Problem) : IssueOutcome;
}

/// <summary>The result of <see cref="CodeDesk.RevokeAsync"/>.</summary>
public abstract record RevokeOutcome
{
    private RevokeOutcome()
    {
    }

    /// <summary>The code is revoked (or was already); its registration, if any, is cancelled.</summary>
    public sealed record Revoked(RevokeResult Result) : RevokeOutcome;

    /// <summary>No such code; <paramref name="Code"/> is the text as typed, shortened for messages.</summary>
    public sealed record NotFound(string Code) : RevokeOutcome;
}

/// <summary>The result of <see cref="CodeDesk.ListAsync"/>.</summary>
public abstract record CodeListing
{
    private CodeListing()
    {
    }

    /// <summary>One page of codes.</summary>
    public sealed record Listed(IReadOnlyList<CodeRecord> Codes) : CodeListing;

    /// <summary>The label filter broke the label rules.</summary>
    public sealed record Refused(IssueProblem Problem) : CodeListing;
}

/// <summary>Who asked for an admin action and through which door, for the audit log and metrics.</summary>
/// <param name="TokenName">The admin token's name (<c>bootstrap</c>, a named token, or <c>anonymous</c>).</param>
/// <param name="Via">The door: <c>v1</c>, <c>2016</c> or <c>web</c>.</param>
public sealed record AdminCaller(string TokenName, string Via);

/// <summary>
/// The organizer's use cases for codes: IssueCodes, RevokeCode, ListCodes and the code counts,
/// the same rules, audit records and metrics through every door (v1 gRPC and JSON, the 2016
/// GetCode, the admin page).
/// </summary>
public sealed class CodeDesk(IRegistrationStore store, AuditLog audit, RollCallMetrics metrics, TimeProvider time)
{
    /// <summary>The most codes one order mints.</summary>
    public const int MaxCodesPerCall = 10_000;

    /// <summary>The longest time to live a code may get.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(3660);

    /// <summary>Checks the order and mints the codes for <paramref name="e"/>; audited and counted once committed.</summary>
    public Task<IssueOutcome> IssueAsync(EventRecord e, CodeOrder order, AdminCaller caller, CancellationToken cancellationToken)
    {
        if (Check(e, order, out var label) is { } problem)
        {
            return Task.FromResult<IssueOutcome>(new IssueOutcome.Refused(problem));
        }

        var expiresAt = order.TimeToLive is { } span ? time.GetUtcNow() + span : (DateTimeOffset?)null;
        var issued = store.IssueCodesAsync(new CodeIssue(e.Id, order.Count, label, expiresAt), cancellationToken);
        // The 2016 GetCode mints one code per call: no closure, no state machine here beyond the settling one.
        return SettleIssueAsync(issued, e, label, expiresAt, caller).WaitAsync(cancellationToken);
    }
    /// <summary>Revokes the code typed as <paramref name="codeText"/>, cancelling its registration if it was used.</summary>
    public async Task<RevokeOutcome> RevokeAsync(string codeText, AdminCaller caller, CancellationToken cancellationToken)
    {
        var text = codeText.Trim();
        if (!RegistrationCode.TryParse(text, out var code))
        {
            return new RevokeOutcome.NotFound(Shorten(text));
        }

        var revoked = store.RevokeCodeAsync(code, cancellationToken);
        return await Settled(revoked, result =>
        {
            if (result is null)
            {
                return (RevokeOutcome)new RevokeOutcome.NotFound(text);
            }

            if (!result.AlreadyRevoked)
            {
                audit.CodeRevoked(code, result.CancelledAttendant?.Number, caller.TokenName);
            }

            return new RevokeOutcome.Revoked(result);
        }).WaitAsync(cancellationToken);
    }

    /// <summary>One page of <paramref name="e"/>'s codes in issue order, after position <paramref name="after"/>; refused when the label filter breaks the label rules.</summary>
    public async Task<CodeListing> ListAsync(EventRecord e, long after, int limit, CodeState? state, string? label, CancellationToken cancellationToken)
    {
        if (!CodeLabel.TryNormalize(label, out var normalized, out var problem))
        {
            return new CodeListing.Refused(problem == LabelProblem.TooLong ? IssueProblem.LabelTooLong : IssueProblem.LabelControlCharacters);
        }

        var codes = await store.ListCodesAsync(new CodeQuery(e.Id, new CodePosition(after), limit, state, normalized, time.GetUtcNow()), cancellationToken);
        return new CodeListing.Listed(codes);
    }

    /// <summary>How many of <paramref name="e"/>'s codes are in each state.</summary>
    public Task<CodeStats> StatsAsync(EventRecord e, CancellationToken cancellationToken) => store.GetCodeStatsAsync(e.Id, cancellationToken);

    private static IssueProblem? Check(EventRecord e, CodeOrder order, out string? label)
    {
        label = null;
        if (!e.IsOpen)
        {
            return IssueProblem.EventClosed;
        }

        if (order.Count is < 1 or > MaxCodesPerCall)
        {
            return IssueProblem.CountOutOfRange;
        }

        if (!CodeLabel.TryNormalize(order.Label, out label, out var labelProblem))
        {
            return labelProblem == LabelProblem.TooLong ? IssueProblem.LabelTooLong : IssueProblem.LabelControlCharacters;
        }

        return order.TimeToLive is { } ttl && (ttl <= TimeSpan.Zero || ttl > MaxTimeToLive) ? IssueProblem.TimeToLiveOutOfRange : null;
    }

    // A write, once queued, commits whatever the caller does next: its audit record and metrics
    // follow the commit, not the caller.
    private async Task<IssueOutcome> SettleIssueAsync(Task<IReadOnlyList<CodeRecord>> issued, EventRecord e, string? label, DateTimeOffset? expiresAt, AdminCaller caller)
    {
        var codes = await issued;
        audit.CodesIssued(codes.Count, label, caller.TokenName, expiresAt, e.Slug);
        metrics.CodesIssued(codes.Count, caller.Via);
        return new IssueOutcome.Issued(codes);
    }

    private static string Shorten(string text) =>
        text.Length <= RegistrationCode.MaxInputLength ? text : text[..RegistrationCode.MaxInputLength] + "…";

    // A write, once queued, commits whatever the caller does next: its audit record and metrics
    // follow the commit, not the caller.
    private static async Task<TOutcome> Settled<TResult, TOutcome>(Task<TResult> write, Func<TResult, TOutcome> settle) =>
        settle(await write);
}
