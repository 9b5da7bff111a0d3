using System.Text;
using RollCall.Server.Domain;
using RollCall.Server.Live;
using RollCall.Server.Web;

namespace RollCall.Server.Tests.Web;

/// <summary>The events of /events are built once per snapshot or change, whatever the number of open pages.</summary>
public sealed class StatusEventJsonTests
{
    private static readonly Attendant _ada = new(1, "Ada", "Lovelace", DateTimeOffset.UnixEpoch);

    [Fact]
    public void EveryConnectionSendsTheSameEventOfAChange()
    {
        var delta = new StatusDelta(new StatusChange(1, 7, StatusChangeKind.Registered, _ada), 5);

        var first = StatusEventJson.Delta(delta, publicNames: true);
        var second = StatusEventJson.Delta(delta, publicNames: true);

        Assert.Same(first.Data, second.Data);
        Assert.Same(first.EventId, second.EventId);
        Assert.Equal(("registered", "7", null), (first.EventType, first.EventId, first.ReconnectionInterval));
        Assert.Equal("""{"version":7,"count":5,"attendant":{"number":1,"firstName":"Ada","lastName":"Lovelace"}}""", Encoding.UTF8.GetString(first.Data));
    }

    [Fact]
    public void EveryConnectionSendsTheSameSnapshotEventWhichTellsTheBrowserWhenToReconnect()
    {
        var snapshot = new StatusSnapshot(3, AttendantRoll.Empty.Append(_ada));

        var first = StatusEventJson.Snapshot(snapshot, publicNames: false, recent: 20);
        var second = StatusEventJson.Snapshot(snapshot, publicNames: false, recent: 20);

        Assert.Same(first.Data, second.Data);
        Assert.Equal(("snapshot", "3", TimeSpan.FromSeconds(2)), (first.EventType, first.EventId, first.ReconnectionInterval));
        Assert.Equal("""{"version":3,"count":1,"recentLimit":0,"recent":[]}""", Encoding.UTF8.GetString(first.Data));
    }
}
