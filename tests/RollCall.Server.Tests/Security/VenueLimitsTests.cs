using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Hosting;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>
/// A venue's network: thousands of phones behind one NAT address following the live page, and
/// registrations that must still get through while they do.
/// </summary>
public sealed class VenueLimitsTests
{
    private const string Venue = "203.0.113.80";
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ThreeThousandLiveStreamsFromOneAddressAreAdmittedAndTheServerWideCapRefusesTheNext()
    {
        const int streams = 3_000;
        var defaults = new StreamLimitOptions();
        await using var app = new RollCallApplication(new Dictionary<string, string?>
        {
            ["RollCall:TrustedProxies"] = "127.0.0.1",
            // A memory budget worth exactly 3,000 streams at the default cost of one.
            ["RollCall:Limits:LiveStreamMemoryBytes"] = (streams * (long)defaults.BytesPerLiveStream).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var http = app.CreateClient();
        var open = new List<HttpResponseMessage>(streams);
        try
        {
            for (var i = 0; i < streams; i++)
            {
                var response = await OpenEventsAsync(http, Venue, cancel.Token);
                open.Add(response);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Stream {i + 1} from the venue's address got {(int)response.StatusCode}.");
            }

            using var refused = await OpenEventsAsync(http, "203.0.113.81", cancel.Token);
            using var watch = new Registration.RegistrationClient(app.CreateChannel())
                .WatchStatus(new WatchStatusRequest(), new Metadata { { "x-forwarded-for", "203.0.113.82" } }, cancellationToken: cancel.Token);
            var error = await Assert.ThrowsAsync<RpcException>(async () => await watch.ResponseStream.MoveNext(cancel.Token));

            Assert.True(defaults.MaxWatchersPerAddress >= streams);
            Assert.Equal(streams, app.Services.GetRequiredService<WatcherLimiter>().Open);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("The server already has 3000 live status streams open; try again in a moment.", await refused.Content.ReadAsStringAsync(cancel.Token));
            Assert.Equal((StatusCode.ResourceExhausted, "The server already has 3000 live status streams open; try again in a moment."), (error.StatusCode, error.Status.Detail));
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task WithTheLiveStreamCapReachedARegistrationStillSucceeds()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?>
        {
            ["RollCall:Limits:MaxConcurrentConnections"] = "12",
            ["RollCall:Limits:ConnectionsReservedForRequests"] = "4",
            ["RollCall:Limits:MaxConnectionsPerAddress"] = "12",
        }).StartKestrel();
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1)).Single();
        using var cancel = new CancellationTokenSource(_patience);
        using var pages = new HttpClient { BaseAddress = app.WebAddress };
        var open = new List<HttpResponseMessage>();
        try
        {
            // Each live page holds its own HTTP/1.1 connection, as a phone's would.
            for (var i = 0; i < 8; i++)
            {
                open.Add(await OpenEventsAsync(pages, from: null, cancel.Token));
            }

            using var refused = await OpenEventsAsync(pages, from: null, cancel.Token);
            using var registrar = new HttpClient { BaseAddress = app.WebAddress };
            using var registration = await registrar.PostAsJsonAsync("/api/v1/registrations", new { firstName = "Ada", lastName = "Lovelace", code }, cancel.Token);

            Assert.Equal(8, app.Services.GetRequiredService<WatcherLimiter>().GlobalLimit);
            Assert.All(open, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, registration.StatusCode);
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public void TheConnectionCapIsSizedFromTwentyThousandDescriptorsAndLiveStreamsStopWellBeforeIt()
    {
        var budget = ConnectionBudget.From(new LimitsOptions(), fileDescriptors: 20_000);
        var streams = new StreamLimitOptions { StreamConnectionCeiling = budget.StreamCeiling };

        Assert.Equal(new ConnectionBudget(MaxConnections: 18_000, StreamCeiling: 13_500, MaxConnectionsPerAddress: 9_000), budget);
        Assert.Equal(13_107, streams.GlobalLimit);
        Assert.Equal(ConnectionBudget.FallbackConnections, ConnectionBudget.FromFileDescriptors(null));
        Assert.Equal(768, ConnectionBudget.FromFileDescriptors(1024));
    }

    [Fact]
    public async Task TheRunningServerTakesItsConnectionCapFromThisProcesssDescriptorLimitAndSetsTheSlowClientTimeouts()
    {
        await using var app = new RollCallApplication().StartKestrel();
        var kestrel = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        var descriptors = ConnectionBudget.ReadFileDescriptorLimit();

        Assert.NotNull(descriptors);
        Assert.Equal(ConnectionBudget.FromFileDescriptors(descriptors), kestrel.MaxConcurrentConnections);
        Assert.True(app.Services.GetRequiredService<WatcherLimiter>().GlobalLimit <= kestrel.MaxConcurrentConnections * 3 / 4);
        Assert.Equal(TimeSpan.FromSeconds(30), kestrel.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), kestrel.RequestHeadersTimeout);
        Assert.Equal((240d, TimeSpan.FromSeconds(5)), (kestrel.MinRequestBodyDataRate!.BytesPerSecond, kestrel.MinRequestBodyDataRate.GracePeriod));
    }

    [Fact]
    public async Task OneAddressCannotHoldMoreThanItsShareOfTheConnectionsButAnotherCanStillConnect()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?>
        {
            ["RollCall:Limits:MaxConcurrentConnections"] = "10",
            ["RollCall:Limits:MaxConnectionsPerAddress"] = "3",
        }).StartKestrel();
        var server = new IPEndPoint(IPAddress.Loopback, app.WebAddress!.Port);
        // All of 127.0.0.0/8 is loopback on Linux: a second client address, on the same machine.
        var other = IPAddress.Parse("127.0.0.2");
        var held = new List<TcpClient>();
        try
        {
            // Idle keep-alive connections. Each first gets an answer, so the server has certainly
            // counted it before the next one connects: a connect alone returns before Kestrel accepts.
            for (var i = 0; i < 3; i++)
            {
                var idle = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
                await idle.ConnectAsync(server);
                Assert.StartsWith("HTTP/1.1 200", await FirstLineAsync(idle.GetStream(), "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n"));
                held.Add(idle);
            }

            var fourth = await StatusLineAsync(IPAddress.Loopback, server);
            var fromElsewhere = await StatusLineAsync(other, server);

            Assert.Equal(string.Empty, fourth);
            Assert.StartsWith("HTTP/1.1 200", fromElsewhere);
        }
        finally
        {
            held.ForEach(t => t.Dispose());
        }
    }

    private static async Task<string> StatusLineAsync(IPAddress from, IPEndPoint server)
    {
        using var tcp = new TcpClient(new IPEndPoint(from, 0));
        await tcp.ConnectAsync(server);
        return await FirstLineAsync(tcp.GetStream(), "GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    private static async Task<string> FirstLineAsync(NetworkStream stream, string request)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancel.Token);
            var line = new StringBuilder();
            var one = new byte[1];
            // Byte by byte, so nothing after the status line is read away from a connection kept open.
            while (await stream.ReadAsync(one, cancel.Token) == 1 && one[0] != (byte)'\n')
            {
                line.Append((char)one[0]);
            }

            return line.ToString().TrimEnd('\r');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static async Task<HttpResponseMessage> OpenEventsAsync(HttpClient http, string? from, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        if (from is not null)
        {
            request.Headers.Add("X-Forwarded-For", from);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
