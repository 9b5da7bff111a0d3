using System.Collections.Concurrent;
using Grpc.Net.Client;
using RollCall.Testing;

namespace RollCall.Server.Tests.Hosting;

/// <summary>SIGKILL at a random moment under a stream of registrations, five times over: nothing acknowledged is lost.</summary>
public sealed class CrashDurabilityTests
{
    [Fact]
    public async Task FiveSigkillsDuringRegistrationsLoseNothingAcknowledgedAndLeaveASoundDatabase()
    {
        using var data = new TempDirectory();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        ConcurrentQueue<string> codes;
        await using (var first = await ServerProcess.StartAsync(data.Path))
        {
            using var channel = GrpcChannel.ForAddress(first.GrpcAddress);
            codes = new ConcurrentQueue<string>(await AdminCalls.MintAsync(channel, first.AdminToken, 10_000));
            await first.TerminateAsync(TimeSpan.FromSeconds(30));
        }

        var acknowledged = new Dictionary<string, long>();
        for (var round = 0; round < 5; round++)
        {
            await using var server = await ServerProcess.StartAsync(data.Path);
            using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
            var load = new RegistrationLoad(codes);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var running = load.RunAsync(channel, stop.Token);

            // Kill at a random moment once registrations are flowing.
            await Eventually.TrueAsync(() => load.Acknowledged.Count >= 20, TimeSpan.FromSeconds(60));
            await Task.Delay(random.Next(0, 400));
            await server.KillAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(60));

            foreach (var (code, number) in load.Acknowledged)
            {
                acknowledged.Add(code, number);
            }

            Assert.Equal("ok", await RegistrationLoad.IntegrityCheckAsync(data.Path));
        }

        await using var restarted = await ServerProcess.StartAsync(data.Path);
        using var after = GrpcChannel.ForAddress(restarted.GrpcAddress);
        var present = await RegistrationLoad.ListAllAsync(after);
        Assert.True(acknowledged.Count >= 100, $"seed {seed}: only {acknowledged.Count} acknowledged");
        RegistrationLoad.AssertNothingLost(acknowledged, present);
    }
}
