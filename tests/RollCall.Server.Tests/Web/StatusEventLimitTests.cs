using System.Net;
using Grpc.Core;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Web;

/// <summary>
/// <c>GET /events</c> counts against the same per-address cap on live streams as WatchStatus, over
/// the test server; X-Forwarded-For names the client (the server trusts 127.0.0.1 as its proxy).
/// </summary>
public sealed class StatusEventLimitTests
{
    private const string Watcher = "203.0.113.40";
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EventStreamsAndWatchStatusShareTheCapAndTheOneTooManyGets429()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?>
        {
            ["RollCall:Limits:MaxWatchersPerAddress"] = "3",
            ["RollCall:TrustedProxies"] = "127.0.0.1",
        });
        using var cancel = new CancellationTokenSource(_patience);
        var http = app.CreateClient();
        var open = new List<HttpResponseMessage> { await OpenEventsAsync(http, Watcher, cancel.Token), await OpenEventsAsync(http, Watcher, cancel.Token) };
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        using var watch = registration.WatchStatus(new WatchStatusRequest(), From(Watcher), cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));

        using var refused = await OpenEventsAsync(http, Watcher, cancel.Token);
        using var fourthWatch = registration.WatchStatus(new WatchStatusRequest(), From(Watcher), cancellationToken: cancel.Token);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await fourthWatch.ResponseStream.MoveNext(cancel.Token));
        using var elsewhere = await OpenEventsAsync(http, "203.0.113.41", cancel.Token);

        Assert.All(open, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("text/plain", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Your address already has 3 live status streams open; close one before opening another.", await refused.Content.ReadAsStringAsync(cancel.Token));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);

        // The slot is released when the request ends; the server notices the client leaving soon after.
        open[0].Dispose();
        var again = await Eventually.ValueAsync(
            async () =>
            {
                var response = await OpenEventsAsync(http, Watcher, cancel.Token);
                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    return response;
                }

                response.Dispose();
                return null;
            },
            _patience,
            () => "The closed stream's slot was not released.");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("text/event-stream", again.Content.Headers.ContentType?.MediaType);
        again.Dispose();
        open.ForEach(r => r.Dispose());
    }

    private static Metadata From(string address) => new() { { "x-forwarded-for", address } };

    private static async Task<HttpResponseMessage> OpenEventsAsync(HttpClient http, string from, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        request.Headers.Add("X-Forwarded-For", from);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
