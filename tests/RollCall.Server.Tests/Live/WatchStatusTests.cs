using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RollCall.Server.Live;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Live;

/// <summary>WatchStatus over gRPC: a snapshot first, then every change in order.</summary>
public sealed class WatchStatusTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ASubscriberGetsTheSnapshotThenEveryChangeInOrder()
    {
        await using var app = new RollCallApplication();
        var channel = app.CreateChannel();
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 6);
        var client = new Registration.RegistrationClient(channel);
        await client.RegisterAsync(new RegisterRequest { FirstName = "Before", LastName = "Watch", Code = codes[0] });

        using var cancel = new CancellationTokenSource(_patience);
        using var watch = client.WatchStatus(new WatchStatusRequest(), cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        var snapshot = watch.ResponseStream.Current;
        Assert.Equal(WatchStatusResponse.EventOneofCase.Snapshot, snapshot.EventCase);
        Assert.Equal((1L, 1), (snapshot.Version, snapshot.Count));
        Assert.Equal("Before", Assert.Single(snapshot.Snapshot.RecentAttendants).FirstName);

        for (var i = 1; i < 5; i++)
        {
            await client.RegisterAsync(new RegisterRequest { FirstName = $"Guest{i}", LastName = "X", Code = codes[i] });
        }

        await new Admin.AdminClient(channel).RevokeCodeAsync(new RevokeCodeRequest { Code = codes[2] }, app.AdminHeaders);

        var received = new List<WatchStatusResponse>();
        while (received.Count < 5 && await watch.ResponseStream.MoveNext(cancel.Token))
        {
            received.Add(watch.ResponseStream.Current);
        }

        Assert.Equal([2L, 3, 4, 5, 6], received.Select(r => r.Version));
        Assert.Equal([2, 3, 4, 5, 4], received.Select(r => r.Count));
        Assert.Equal(["Guest1", "Guest2", "Guest3", "Guest4"], received.Take(4).Select(r => r.Registered.FirstName));
        Assert.Equal("Guest2", received[4].Cancelled.FirstName);
    }

    [Fact]
    public async Task AThousandConcurrentSubscribersAllSeeARegistration()
    {
        // All thousand come from loopback: lift the per-address stream limit for this test.
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:Limits:MaxWatchersPerAddress"] = "1000" }).StartKestrel();
        var channel = app.CreateChannel();
        var code = (await AdminCalls.MintAsync(channel, app.AdminToken, 1))[0];
        using var cancel = new CancellationTokenSource(_patience);
        var client = new Registration.RegistrationClient(channel);
        var calls = Enumerable.Range(0, 1000).Select(_ => client.WatchStatus(new WatchStatusRequest(), cancellationToken: cancel.Token)).ToList();
        foreach (var call in calls)
        {
            Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
            Assert.Equal(0, call.ResponseStream.Current.Count);
        }

        await client.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });

        var names = await Task.WhenAll(calls.Select(async call =>
        {
            Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
            return call.ResponseStream.Current.Registered.FirstName;
        }));
        Assert.All(names, n => Assert.Equal("Ada", n));
        foreach (var call in calls)
        {
            call.Dispose();
        }
    }

    [Fact]
    public async Task CancellingTheCallRemovesTheSubscriber()
    {
        await using var app = new RollCallApplication();
        var broadcaster = app.Services.GetRequiredService<EventStatuses>().Current;
        var client = new Registration.RegistrationClient(app.CreateChannel());
        using var cancel = new CancellationTokenSource();
        using (var watch = client.WatchStatus(new WatchStatusRequest(), cancellationToken: cancel.Token))
        {
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(1, broadcaster.SubscriberCount);
            await cancel.CancelAsync();
        }

        await Eventually.TrueAsync(() => broadcaster.SubscriberCount == 0, _patience);
    }

    [Fact]
    public async Task ShutdownEndsStreamsWithUnavailable()
    {
        var app = new RollCallApplication();
        try
        {
            var client = new Registration.RegistrationClient(app.CreateChannel());
            using var watch = client.WatchStatus(new WatchStatusRequest());
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            app.Services.GetRequiredService<EventStatuses>().Current.Complete();

            var error = await Assert.ThrowsAsync<RpcException>(async () => await watch.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
