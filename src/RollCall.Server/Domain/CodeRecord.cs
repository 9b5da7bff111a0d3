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
/// <param name="Sequence">Its position in the order codes were issued.</param>
/// <param name="Code">The code.</param>
/// <param name="Label">The label it was issued with, if any.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops being valid; null for never.</param>
/// <param name="RedeemedAt">When it was redeemed, if it was.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
/// <param name="AttendantNumber">The registration it was used for, if any.</param>
public sealed record CodeRecord(
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
