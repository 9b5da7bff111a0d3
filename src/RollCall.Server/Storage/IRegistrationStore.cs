using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// The durable state of RollCall: codes, attendees and the ordered log of status changes.
/// Implementations: <see cref="SqliteRegistrationStore"/> (embedded default) and a PostgreSQL
/// store for several replicas. Every write is committed before its task completes, and its
/// status changes reach the <see cref="IStatusChangeSink"/> only after the commit.
/// </summary>
public interface IRegistrationStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema. Safe to call when it is current.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Mints new unique codes, all in one transaction.</summary>
    Task<IReadOnlyList<CodeRecord>> IssueCodesAsync(CodeIssue issue, CancellationToken cancellationToken);

    /// <summary>Redeems a code for an attendee: one atomic conditional update, so exactly one caller wins.</summary>
    Task<RedeemResult> RedeemAsync(Redemption redemption, CancellationToken cancellationToken);

    /// <summary>Revokes a code; when it was redeemed, its registration is cancelled. Null when the code does not exist.</summary>
    Task<RevokeResult?> RevokeCodeAsync(long code, CancellationToken cancellationToken);

    /// <summary>One page of codes in the order they were issued.</summary>
    Task<IReadOnlyList<CodeRecord>> ListCodesAsync(CodeQuery query, CancellationToken cancellationToken);

    /// <summary>How many codes are in each state.</summary>
    Task<CodeStats> GetCodeStatsAsync(CancellationToken cancellationToken);

    /// <summary>Registered attendees with numbers above <paramref name="afterNumber"/>, in order.</summary>
    Task<IReadOnlyList<Attendant>> ListAttendantsAsync(long afterNumber, int limit, CancellationToken cancellationToken);

    /// <summary>Registered attendees with their codes, in order, after <paramref name="afterNumber"/>.</summary>
    Task<IReadOnlyList<ExportedAttendant>> ExportAttendantsAsync(long afterNumber, int limit, CancellationToken cancellationToken);

    /// <summary>The full current status, read in one consistent transaction.</summary>
    Task<StatusState> LoadStatusAsync(CancellationToken cancellationToken);

    /// <summary>Status changes with versions above <paramref name="afterVersion"/>, in order.</summary>
    Task<IReadOnlyList<StatusChange>> ReadChangesAsync(long afterVersion, int limit, CancellationToken cancellationToken);

    /// <summary>True when the database answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

/// <summary>Receives status changes after they are committed, in version order.</summary>
public interface IStatusChangeSink
{
    /// <summary>Called once per committed batch, with its changes in version order.</summary>
    void Publish(IReadOnlyList<StatusChange> changes);
}

/// <summary>A request to mint codes.</summary>
/// <param name="Count">How many: 1..10,000.</param>
/// <param name="Label">An optional label for all of them.</param>
/// <param name="ExpiresAt">When they stop being valid; null for never.</param>
public sealed record CodeIssue(int Count, string? Label, DateTimeOffset? ExpiresAt);

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
}

/// <summary>The outcome of a redemption; <see cref="Attendant"/> is set when it registered.</summary>
public sealed record RedeemResult(RedeemStatus Status, Attendant? Attendant = null);

/// <summary>The outcome of a revocation.</summary>
/// <param name="Code">The code after revocation.</param>
/// <param name="CancelledAttendant">The registration it cancelled, if it was redeemed.</param>
/// <param name="AlreadyRevoked">True when the code had been revoked before.</param>
public sealed record RevokeResult(CodeRecord Code, Attendant? CancelledAttendant, bool AlreadyRevoked);

/// <summary>Which codes to list.</summary>
/// <param name="After">The position to continue after, from the previous page.</param>
/// <param name="Limit">The page size.</param>
/// <param name="State">Only codes in this state, at <paramref name="Now"/>.</param>
/// <param name="Label">Only codes with this label.</param>
/// <param name="Now">The time that decides expiry.</param>
public sealed record CodeQuery(CodePosition? After, int Limit, CodeState? State, string? Label, DateTimeOffset Now);

/// <summary>A position in the issue order of codes.</summary>
public readonly record struct CodePosition(long Sequence);

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
