using RollCall.Server.Domain;

namespace RollCall.Server.Application;

/// <summary>
/// The durable state of RollCall, as the use cases need it: codes, attendees and the ordered log of
/// status changes. Storage implements it for SQLite (the embedded default) and PostgreSQL (several
/// replicas). Every write is committed before its task completes, and its status changes reach the
/// status sink only after the commit. A write's cancellation token only stops waiting for a place
/// in the write queue: once queued, the write happens and its task completes with the real result,
/// whatever became of the caller.
/// </summary>
public interface IRegistrationStore : IAsyncDisposable
{
    /// <summary>Where the data lives, for logs (a folder, or host, port and database; never a password).</summary>
    string Location { get; }

    /// <summary>Creates or upgrades the schema. Safe to call when it is current.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Mints new unique codes for an event, all in one transaction; unique across every event.</summary>
    Task<IReadOnlyList<CodeRecord>> IssueCodesAsync(CodeIssue issue, CancellationToken cancellationToken);

    /// <summary>
    /// Redeems a code for an attendee of the code's own event: one atomic conditional update, so exactly
    /// one caller wins; refused when that event is not open.
    /// </summary>
    Task<RedeemResult> RedeemAsync(Redemption redemption, CancellationToken cancellationToken);

    /// <summary>Revokes a code; when it was redeemed, its registration is cancelled. Null when the code does not exist.</summary>
    Task<RevokeResult?> RevokeCodeAsync(long code, CancellationToken cancellationToken);

    /// <summary>One page of an event's codes in the order they were issued.</summary>
    Task<IReadOnlyList<CodeRecord>> ListCodesAsync(CodeQuery query, CancellationToken cancellationToken);

    /// <summary>How many of an event's codes are in each state.</summary>
    Task<CodeStats> GetCodeStatsAsync(long eventId, CancellationToken cancellationToken);

    /// <summary>An event's registered attendees with numbers above <paramref name="afterNumber"/>, in order.</summary>
    Task<IReadOnlyList<Attendant>> ListAttendantsAsync(long eventId, long afterNumber, int limit, CancellationToken cancellationToken);

    /// <summary>An event's registered attendees with their codes, in order, after <paramref name="afterNumber"/>.</summary>
    Task<IReadOnlyList<ExportedAttendant>> ExportAttendantsAsync(long eventId, long afterNumber, int limit, CancellationToken cancellationToken);

    /// <summary>An event's full current status, read in one consistent transaction.</summary>
    Task<StatusState> LoadStatusAsync(long eventId, CancellationToken cancellationToken);

    /// <summary>An event's status changes with versions above <paramref name="afterVersion"/>, in order.</summary>
    Task<IReadOnlyList<StatusChange>> ReadChangesAsync(long eventId, long afterVersion, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// True when the database answers and the store takes writes. While the store is in an outage
    /// (see <see cref="StoreAvailability"/>), only a tiny real write that commits counts, so
    /// readiness returns by itself once writes would succeed again.
    /// </summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
