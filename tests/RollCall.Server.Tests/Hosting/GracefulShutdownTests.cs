using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Hosting;

/// <summary>SIGTERM drains: open streams end with UNAVAILABLE, calls in flight finish, the process exits 0 within its bound.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task SigtermDuringRegistrationsAndOpenWatchStreamsExitsZeroAndLosesNothing()
    {
        using var data = new TempDirectory();
        var acknowledged = new Dictionary<string, long>();
        await using (var server = await ServerProcess.StartAsync(data.Path, ["--shutdown-timeout", "10"]))
        {
            using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
            var codes = new ConcurrentQueue<string>(await AdminCalls.MintAsync(channel, server.AdminToken, 10_000));
            var client = new Registration.RegistrationClient(channel);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var watchers = new List<AsyncServerStreamingCall<WatchStatusResponse>>();
            for (var i = 0; i < 5; i++)
            {
                var watch = client.WatchStatus(new WatchStatusRequest(), cancellationToken: patience.Token);
                Assert.True(await watch.ResponseStream.MoveNext(patience.Token));
                watchers.Add(watch);
            }

            var load = new RegistrationLoad(codes);
            var running = load.RunAsync(channel, patience.Token);
            await Eventually.TrueAsync(() => load.Acknowledged.Count >= 50, TimeSpan.FromSeconds(60));

            var clock = Stopwatch.StartNew();
            var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(30));
            clock.Stop();
            await running.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, exitCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {clock.Elapsed}, beyond the 10 s bound");
            foreach (var watch in watchers)
            {
                var ended = await Assert.ThrowsAsync<RpcException>(async () =>
                {
                    while (await watch.ResponseStream.MoveNext(patience.Token))
                    {
                    }
                });
                Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
                Assert.Equal("The server is shutting down; reconnect to continue watching.", ended.Status.Detail);
                watch.Dispose();
            }

            foreach (var (code, number) in load.Acknowledged)
            {
                acknowledged.Add(code, number);
            }
        }

        // The final checkpoint moved everything into the database file.
        var wal = Path.Combine(data.Path, "rollcall.db-wal");
        Assert.True(!File.Exists(wal) || new FileInfo(wal).Length == 0, "the WAL was checkpointed at shutdown");
        Assert.Equal("ok", await RegistrationLoad.IntegrityCheckAsync(data.Path));
        await using var restarted = await ServerProcess.StartAsync(data.Path);
        using var after = GrpcChannel.ForAddress(restarted.GrpcAddress);
        RegistrationLoad.AssertNothingLost(acknowledged, await RegistrationLoad.ListAllAsync(after));
    }
}
