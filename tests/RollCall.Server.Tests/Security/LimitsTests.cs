using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>The resource limits, each with its clear error, on a real Kestrel server.</summary>
public sealed class LimitsTests
{
    private static async Task<string> RawHttpAsync(Uri server, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await reader.ReadLineAsync(cancel.Token) ?? string.Empty;
    }

    [Fact]
    public async Task MoreThanSixtyFourHeadersGet431()
    {
        await using var app = new RollCallApplication().StartKestrel();
        var headers = string.Concat(Enumerable.Range(0, 70).Select(i => $"X-Filler-{i}: {i}\r\n"));

        var statusLine = await RawHttpAsync(app.WebAddress!, $"GET / HTTP/1.1\r\nHost: x\r\n{headers}Connection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 431", statusLine);
    }

    [Fact]
    public async Task HeadersOverThirtyTwoKibGet431()
    {
        await using var app = new RollCallApplication().StartKestrel();

        var statusLine = await RawHttpAsync(app.WebAddress!, $"GET / HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 33 * 1024)}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 431", statusLine);
    }

    [Fact]
    public async Task TheServerAnnouncesItsHttp2StreamLimit()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:Limits:MaxStreamsPerConnection"] = "7" }).StartKestrel();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(app.GrpcAddress!.Host, app.GrpcAddress.Port);
        var stream = tcp.GetStream();
        // The HTTP/2 preface and an empty SETTINGS frame.
        await stream.WriteAsync(Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").Concat(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 }).ToArray());
        var header = new byte[9];
        await stream.ReadExactlyAsync(header);
        Assert.Equal(4, header[3]);
        var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
        await stream.ReadExactlyAsync(payload);

        var settings = Enumerable.Range(0, payload.Length / 6).ToDictionary(
            i => BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(i * 6)),
            i => BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan((i * 6) + 2)));
        Assert.Equal(7u, settings[3]);
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimitAreClosed()
    {
        // Every connection comes from 127.0.0.1 here, so its share is the whole cap.
        await using var app = new RollCallApplication(new Dictionary<string, string?>
        {
            ["RollCall:Limits:MaxConcurrentConnections"] = "3",
            ["RollCall:Limits:MaxConnectionsPerAddress"] = "3",
        }).StartKestrel();
        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var tcp = new TcpClient();
                await tcp.ConnectAsync(app.WebAddress!.Host, app.WebAddress.Port);
                held.Add(tcp);
                var stream = tcp.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n"));
                var buffer = new byte[1024];
                Assert.True(await stream.ReadAsync(buffer) > 0);
            }

            var statusLine = await RawHttpAsync(app.WebAddress!, "GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Assert.Equal(string.Empty, statusLine);
        }
        finally
        {
            held.ForEach(t => t.Dispose());
        }
    }

    [Fact]
    public async Task AGrpcMessageOver64KibIsRefusedWithAClearStatus()
    {
        await using var app = new RollCallApplication().StartKestrel();
        var client = new Registration.RegistrationClient(app.CreateChannel());

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.RegisterAsync(new RegisterRequest { FirstName = new string('a', 70 * 1024), LastName = "L", Code = "1" }));

        Assert.Equal((StatusCode.ResourceExhausted, "The request is larger than 64 KiB."), (error.StatusCode, error.Status.Detail + error.Status.DebugException));
    }

    [Fact]
    public async Task WatchStreamsPerAddressAreCappedAndAClosedOneFreesItsPlace()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?>
        {
            ["RollCall:Limits:MaxWatchersPerAddress"] = "3",
            ["RollCall:TrustedProxies"] = "127.0.0.1",
        });
        var client = new Registration.RegistrationClient(app.CreateChannel());
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var open = new List<AsyncServerStreamingCall<WatchStatusResponse>>();
        for (var i = 0; i < 3; i++)
        {
            var call = client.WatchStatus(new WatchStatusRequest(), cancellationToken: cancel.Token);
            Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
            open.Add(call);
        }

        using var fourth = client.WatchStatus(new WatchStatusRequest(), cancellationToken: cancel.Token);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await fourth.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("Your address already has 3 live status streams open; close one before opening another.", error.Status.Detail);

        using var elsewhere = client.WatchStatus(new WatchStatusRequest(), new Metadata { { "x-forwarded-for", "203.0.113.5" } }, cancellationToken: cancel.Token);
        Assert.True(await elsewhere.ResponseStream.MoveNext(cancel.Token));

        open[0].Dispose();
        var again = await RetryUntilOpenAsync(client, cancel.Token);
        Assert.Equal(WatchStatusResponse.EventOneofCase.Snapshot, again.EventCase);
        open.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task ALabelOverSixtyFourCharactersIsInvalidArgument()
    {
        await using var app = new RollCallApplication();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Admin.AdminClient(app.CreateChannel()).IssueCodesAsync(new IssueCodesRequest { Count = 1, Label = new string('x', 65) }, app.AdminHeaders));
        Assert.Equal((StatusCode.InvalidArgument, "label must be at most 64 characters."), (error.StatusCode, error.Status.Detail));
    }

    // The server frees a permit when it notices the cancelled stream: poll with a bounded deadline.
    private static Task<WatchStatusResponse> RetryUntilOpenAsync(Registration.RegistrationClient client, CancellationToken cancellationToken) =>
        Eventually.ValueAsync(
            async () =>
            {
                var call = client.WatchStatus(new WatchStatusRequest(), cancellationToken: cancellationToken);
                try
                {
                    Assert.True(await call.ResponseStream.MoveNext(cancellationToken));
                    return call.ResponseStream.Current;
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.ResourceExhausted)
                {
                    call.Dispose();
                    return null;
                }
            },
            TimeSpan.FromSeconds(20),
            () => "every new WatchStatus was still RESOURCE_EXHAUSTED");
}
