using Microsoft.Extensions.Logging.Abstractions;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Tests.Live;

/// <summary>The broadcaster's fan-out rules, driven directly with committed-change batches.</summary>
public sealed class StatusBroadcasterTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AStalledSubscriberDoesNotDelayOthersAndLaterReceivesAFreshSnapshot()
    {
        var broadcaster = new StatusBroadcaster(NullLogger<StatusBroadcaster>.Instance, 1);
        using var stalled = broadcaster.Subscribe(capacity: 4);
        using var live = broadcaster.Subscribe(capacity: 4);
        using var cancel = new CancellationTokenSource(_patience);
        await using var liveReader = live.ReadAllAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        await using var stalledReader = stalled.ReadAllAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await liveReader.MoveNextAsync());
        Assert.True(await stalledReader.MoveNextAsync());
        Assert.Equal(0, stalledReader.Current.Snapshot!.Version);

        // The stalled subscriber reads nothing while fifty changes go out; the live one gets each at once.
        for (var version = 1; version <= 50; version++)
        {
            broadcaster.Publish([Registered(version)]);
            Assert.True(await liveReader.MoveNextAsync());
            Assert.Equal(version, liveReader.Current.Delta!.Version);
        }

        Assert.True(await stalledReader.MoveNextAsync());
        var recovered = stalledReader.Current;
        Assert.NotNull(recovered.Snapshot);
        Assert.Equal(50, recovered.Snapshot!.Version);
        Assert.Equal(50, recovered.Snapshot.Count);
        Assert.Equal(1, stalled.Resnapshots);

        broadcaster.Publish([Registered(51)]);
        Assert.True(await stalledReader.MoveNextAsync());
        Assert.Equal(51, stalledReader.Current.Delta!.Version);
    }

    [Fact]
    public async Task ASubscriberThatKeepsUpGetsEveryChangeWithoutASnapshot()
    {
        var broadcaster = new StatusBroadcaster(NullLogger<StatusBroadcaster>.Instance, 1);
        using var subscription = broadcaster.Subscribe(capacity: 4);
        using var cancel = new CancellationTokenSource(_patience);
        await using var reader = subscription.ReadAllAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await reader.MoveNextAsync());
        broadcaster.Publish([Registered(1), Registered(2), Registered(3)]);

        var versions = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await reader.MoveNextAsync());
            versions.Add(reader.Current.Delta!.Version);
        }

        Assert.Equal([1L, 2, 3], versions);
        Assert.Equal(0, subscription.Resnapshots);
    }

    [Fact]
    public async Task ChangesAlreadyAppliedAreIgnoredAndAGapIsReported()
    {
        var broadcaster = new StatusBroadcaster(NullLogger<StatusBroadcaster>.Instance, 1);
        long? gapAfter = null;
        broadcaster.GapDetected += v => gapAfter = v;
        broadcaster.Publish([Registered(1), Registered(2)]);
        broadcaster.Publish([Registered(2), Registered(3)]);
        broadcaster.Publish([Registered(5)]);

        Assert.Equal(3, broadcaster.Current.Version);
        Assert.Equal(3, broadcaster.Current.Count);
        Assert.Equal(3, gapAfter);
        await Task.CompletedTask;
    }

    [Fact]
    public void ACancellationRemovesTheAttendeeFromTheSnapshot()
    {
        var broadcaster = new StatusBroadcaster(NullLogger<StatusBroadcaster>.Instance, 1);
        broadcaster.Publish([Registered(1), Registered(2), Registered(3)]);
        broadcaster.Publish([new StatusChange(1, 4, StatusChangeKind.Cancelled, Attendant(2))]);

        Assert.Equal([1L, 3], broadcaster.Current.Attendants.Select(a => a.Number));
        Assert.Equal(4, broadcaster.Current.Version);
    }

    [Fact]
    public void OlderSnapshotsStayUnchangedWhenNewAttendeesArrive()
    {
        var broadcaster = new StatusBroadcaster(NullLogger<StatusBroadcaster>.Instance, 1);
        broadcaster.Publish([Registered(1)]);
        var before = broadcaster.Current;
        broadcaster.Publish([Registered(2), Registered(3)]);

        Assert.Equal([1L], before.Attendants.Select(a => a.Number));
        Assert.Equal([3L, 2], broadcaster.Current.Attendants.Newest(2).Select(a => a.Number));
    }

    private static StatusChange Registered(long number) => new(1, number, StatusChangeKind.Registered, Attendant(number));

    private static Attendant Attendant(long number) => new(number, "Guest", number.ToString(), DateTimeOffset.UnixEpoch);
}
