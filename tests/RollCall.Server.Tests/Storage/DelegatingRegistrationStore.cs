using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Tests.Storage;

/// <summary>A real store with some of its calls changed by a test: everything not overridden goes to <paramref name="inner"/>.</summary>
public abstract class DelegatingRegistrationStore(IRegistrationStore inner) : IRegistrationStore
{
    public string Location => inner.Location;

    /// <summary>The real store.</summary>
    protected IRegistrationStore Inner => inner;

    public virtual Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public virtual Task<IReadOnlyList<CodeRecord>> IssueCodesAsync(CodeIssue issue, CancellationToken cancellationToken) => inner.IssueCodesAsync(issue, cancellationToken);

    public virtual Task<RedeemResult> RedeemAsync(Redemption redemption, CancellationToken cancellationToken) => inner.RedeemAsync(redemption, cancellationToken);

    public virtual Task<RevokeResult?> RevokeCodeAsync(long code, CancellationToken cancellationToken) => inner.RevokeCodeAsync(code, cancellationToken);

    public virtual Task<IReadOnlyList<CodeRecord>> ListCodesAsync(CodeQuery query, CancellationToken cancellationToken) => inner.ListCodesAsync(query, cancellationToken);

    public virtual Task<CodeStats> GetCodeStatsAsync(long eventId, CancellationToken cancellationToken) => inner.GetCodeStatsAsync(eventId, cancellationToken);

    public virtual Task<IReadOnlyList<Attendant>> ListAttendantsAsync(long eventId, long afterNumber, int limit, CancellationToken cancellationToken) =>
        inner.ListAttendantsAsync(eventId, afterNumber, limit, cancellationToken);

    public virtual Task<IReadOnlyList<ExportedAttendant>> ExportAttendantsAsync(long eventId, long afterNumber, int limit, CancellationToken cancellationToken) =>
        inner.ExportAttendantsAsync(eventId, afterNumber, limit, cancellationToken);

    public virtual Task<StatusState> LoadStatusAsync(long eventId, CancellationToken cancellationToken) => inner.LoadStatusAsync(eventId, cancellationToken);

    public virtual Task<IReadOnlyList<StatusChange>> ReadChangesAsync(long eventId, long afterVersion, int limit, CancellationToken cancellationToken) =>
        inner.ReadChangesAsync(eventId, afterVersion, limit, cancellationToken);

    public virtual Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public virtual ValueTask DisposeAsync() => inner.DisposeAsync();
}
