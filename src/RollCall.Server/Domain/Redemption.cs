namespace RollCall.Server.Domain;

/// <summary>A validated request to redeem a code.</summary>
public sealed record Redemption(long Code, string FirstName, string LastName);

/// <summary>Why a redemption did or did not register the attendee.</summary>
public enum RedeemStatus
{
    /// <summary>The attendee is registered.</summary>
    Registered,

    /// <summary>The code was never issued.</summary>
    UnknownCode,

    /// <summary>The code was redeemed before.</summary>
    AlreadyUsed,

    /// <summary>The code was revoked.</summary>
    Revoked,

    /// <summary>The code expired.</summary>
    Expired,

    /// <summary>The code's event is closed (or archived).</summary>
    EventClosed,
}

/// <summary>The outcome of a redemption.</summary>
/// <param name="Status">Whether it registered the attendee, and if not why.</param>
/// <param name="Attendant">The new attendee, when it registered; who holds the code, when it was used before.</param>
/// <param name="EventId">The code's event, when the code exists.</param>
public sealed record RedeemResult(RedeemStatus Status, Attendant? Attendant = null, long EventId = 0);
