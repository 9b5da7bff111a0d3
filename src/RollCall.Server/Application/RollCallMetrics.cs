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
    public RollCallMetrics(IMeterFactory meters, StatusBroadcaster broadcaster)
    {
        var meter = meters.Create(MeterName);
        _codesIssued = meter.CreateCounter<long>("rollcall.codes.issued", "{code}", "One-time codes minted");
        _registrations = meter.CreateCounter<long>("rollcall.registrations", "{registration}", "Attendees registered");
        _failedRedemptions = meter.CreateCounter<long>("rollcall.redemptions.failed", "{attempt}", "Registration attempts that did not register, by reason");
        meter.CreateObservableUpDownCounter("rollcall.watchers", () => broadcaster.SubscriberCount, "{watcher}", "Live status subscribers connected (WatchStatus, live pages)");
        meter.CreateObservableGauge("rollcall.status.version", () => broadcaster.Current.Version, "{version}", "Version of the status snapshot being served");
        meter.CreateObservableGauge("rollcall.attendees", () => broadcaster.Current.Count, "{attendee}", "Attendees registered");
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
