namespace RollCall.Server.Domain;

/// <summary>What changed in the status.</summary>
public enum StatusChangeKind
{
    /// <summary>An attendee registered.</summary>
    Registered = 1,

    /// <summary>A registration was cancelled by revoking its code.</summary>
    Cancelled = 2,
}

/// <summary>One committed change of an event's public status.</summary>
/// <param name="EventId">The event whose status changed.</param>
/// <param name="Version">The event's status version after the change: one more than before.</param>
/// <param name="Kind">What changed.</param>
/// <param name="Attendant">Who registered or whose registration was cancelled.</param>
public sealed record StatusChange(long EventId, long Version, StatusChangeKind Kind, Attendant Attendant);

/// <summary>An event's whole status at one version: every registered attendee, in order.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Version">Its status version.</param>
/// <param name="Attendants">Its registered attendees, in registration order.</param>
public sealed record StatusState(long EventId, long Version, IReadOnlyList<Attendant> Attendants);
