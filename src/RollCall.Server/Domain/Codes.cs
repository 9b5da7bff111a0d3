namespace RollCall.Server.Domain;

/// <summary>The life cycle of a one-time code.</summary>
public enum CodeState
{
    /// <summary>Issued and not yet used: it can register an attendee.</summary>
    Outstanding,

    /// <summary>Used to register an attendee.</summary>
    Redeemed,

    /// <summary>Revoked by an organizer.</summary>
    Revoked,

    /// <summary>Not used before its expiry time.</summary>
    Expired,
}

/// <summary>A one-time code as organizers see it.</summary>
/// <param name="EventId">The event it belongs to.</param>
/// <param name="Sequence">Its position in the order codes were issued.</param>
/// <param name="Code">The code.</param>
/// <param name="Label">The label it was issued with, if any.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops being valid; null for never.</param>
/// <param name="RedeemedAt">When it was redeemed, if it was.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
/// <param name="AttendantNumber">The registration it was used for, if any.</param>
public sealed record CodeRecord(
    long EventId,
    long Sequence,
    long Code,
    string? Label,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RedeemedAt,
    DateTimeOffset? RevokedAt,
    long? AttendantNumber)
{
    /// <summary>The state of the code at <paramref name="now"/>.</summary>
    public CodeState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? CodeState.Revoked
        : RedeemedAt is not null ? CodeState.Redeemed
        : ExpiresAt is { } expiry && expiry <= now ? CodeState.Expired
        : CodeState.Outstanding;
}

/// <summary>How many codes are in each state.</summary>
public sealed record CodeStats(long Issued, long Redeemed, long Outstanding, long Revoked, long Expired);

/// <summary>An attendee with the code they registered with, for exports.</summary>
public sealed record ExportedAttendant(Attendant Attendant, long Code, string? Label);

/// <summary>A request to mint codes.</summary>
/// <param name="EventId">The event they are for.</param>
/// <param name="Count">How many: 1..10,000.</param>
/// <param name="Label">An optional label for all of them.</param>
/// <param name="ExpiresAt">When they stop being valid; null for never.</param>
public sealed record CodeIssue(long EventId, int Count, string? Label, DateTimeOffset? ExpiresAt);

/// <summary>The outcome of a revocation.</summary>
/// <param name="Code">The code after revocation.</param>
/// <param name="CancelledAttendant">The registration it cancelled, if it was redeemed.</param>
/// <param name="AlreadyRevoked">True when the code had been revoked before.</param>
public sealed record RevokeResult(CodeRecord Code, Attendant? CancelledAttendant, bool AlreadyRevoked);

/// <summary>Which codes to list.</summary>
/// <param name="EventId">Only codes of this event.</param>
/// <param name="After">The position to continue after, from the previous page.</param>
/// <param name="Limit">The page size.</param>
/// <param name="State">Only codes in this state, at <paramref name="Now"/>.</param>
/// <param name="Label">Only codes with this label.</param>
/// <param name="Now">The time that decides expiry.</param>
public sealed record CodeQuery(long EventId, CodePosition? After, int Limit, CodeState? State, string? Label, DateTimeOffset Now);

/// <summary>A position in the issue order of codes.</summary>
public readonly record struct CodePosition(long Sequence);
