using System.Diagnostics.Metrics;
using RollCall.Server.Live;

namespace RollCall.Server.Application;

/// <summary>
/// RollCall's own metrics on the <c>RollCall</c> meter: what organizers and operators ask about
/// (codes issued, registrations, failed redemptions by reason, live watchers, status version).
/// Recording is a no-op unless something listens (Prometheus or OTLP).
/// </summary>
public sealed class RollCallMetrics
{
    /// <summary>The meter name, for exporters.</summary>
    public const string MeterName = "RollCall";

    private readonly Counter<long> _codesIssued;
    private readonly Counter<long> _registrations;
    private readonly Counter<long> _failedRedemptions;

    /// <summary>Creates the instruments on a meter from the host's meter factory.</summary>
    public RollCallMetrics(IMeterFactory meters, EventStatuses statuses)
    {
        var meter = meters.Create(MeterName);
        _codesIssued = meter.CreateCounter<long>("rollcall.codes.issued", "{code}", "One-time codes minted");
        _registrations = meter.CreateCounter<long>("rollcall.registrations", "{registration}", "Attendees registered");
        _failedRedemptions = meter.CreateCounter<long>("rollcall.redemptions.failed", "{attempt}", "Registration attempts that did not register, by reason");
        meter.CreateObservableUpDownCounter("rollcall.watchers", () => statuses.SubscriberCount, "{watcher}", "Live status subscribers connected (WatchStatus, live pages)");
        meter.CreateObservableGauge("rollcall.status.version", () => statuses.Current.Current.Version, "{version}", "Version of the current event's status snapshot being served");
        meter.CreateObservableGauge("rollcall.attendees", () => statuses.Current.Current.Count, "{attendee}", "Attendees registered for the current event");
    }

    /// <summary>Counts minted codes.</summary>
    public void CodesIssued(int count, string via) =>
        _codesIssued.Add(count, new KeyValuePair<string, object?>("via", via));

    /// <summary>Counts one successful registration.</summary>
    public void Registered() => _registrations.Add(1);

    /// <summary>Counts one failed redemption; <paramref name="reason"/> is a short stable key.</summary>
    public void RedemptionFailed(string reason) =>
        _failedRedemptions.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
