namespace RollCall.Server.Domain;

/// <summary>What changed in the status.</summary>
public enum StatusChangeKind
{
    /// <summary>An attendee registered.</summary>
    Registered = 1,

    /// <summary>A registration was cancelled by revoking its code.</summary>
    Cancelled = 2,
}

/// <summary>One committed change of the public status.</summary>
public sealed record StatusChange(long Version, StatusChangeKind Kind, Attendant Attendant);

/// <summary>The whole status at one version: every registered attendee, in order.</summary>
public sealed record StatusState(long Version, IReadOnlyList<Attendant> Attendants);
