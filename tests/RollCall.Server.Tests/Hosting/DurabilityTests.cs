using Grpc.Net.Client;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Hosting;

/// <summary>What a server process acknowledged survives SIGKILL.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task RegistrationsAcknowledgedBeforeSigkillArePresentAfterRestart()
    {
        using var data = new TempDirectory();
        var acknowledged = new List<(string Code, long Number)>();
        await using (var server = await ServerProcess.StartAsync(data.Path))
        {
            using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
            var codes = await AdminCalls.MintAsync(channel, server.AdminToken, 120);
            var client = new Registration.RegistrationClient(channel);
            var inFlight = new List<Task>();
            foreach (var code in codes)
            {
                inFlight.Add(Task.Run(async () =>
                {
                    var response = await client.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = code, Code = code });
                    lock (acknowledged)
                    {
                        acknowledged.Add((code, response.Attendant.Number));
                    }
                }));
                if (inFlight.Count == 100)
                {
                    break;
                }
            }

            await Task.WhenAll(inFlight);
            // More writes in flight while the process dies: these may or may not survive.
            var unacknowledged = codes.Skip(100).Select(code => client.RegisterAsync(new RegisterRequest { FirstName = "Late", LastName = code, Code = code }).ResponseAsync).ToList();
            await server.KillAsync();
            await Task.WhenAll(unacknowledged.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        await using var restarted = await ServerProcess.StartAsync(data.Path);
        using var after = GrpcChannel.ForAddress(restarted.GrpcAddress);
        var registration = new Registration.RegistrationClient(after);
        var all = new List<Attendant>();
        var request = new ListAttendantsRequest { PageSize = 1000 };
        var page = await registration.ListAttendantsAsync(request);
        all.AddRange(page.Attendants);

        Assert.Equal(100, acknowledged.Count);
        foreach (var (code, number) in acknowledged)
        {
            Assert.Contains(all, a => a.Number == number && a.LastName == code);
        }

        Assert.Equal(all.Count, all.Select(a => a.LastName).Distinct().Count());
        var status = await registration.GetStatusAsync(new GetStatusRequest());
        Assert.Equal(all.Count, status.Count);
    }
}
