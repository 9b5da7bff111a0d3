using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RollCall.Server.Live;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Web;

/// <summary><c>GET /events</c> without a browser: a snapshot, then each change; one subscription per connection.</summary>
public sealed class StatusEventStreamTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheStreamSendsASnapshotThenOneEventPerChangeWithTheVersionAsId()
    {
        await using var app = new RollCallApplication().StartKestrel();
        var channel = app.CreateChannel();
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 4);
        var registration = new Registration.RegistrationClient(channel);
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Before", LastName = "Stream", Code = codes[0] });
        using var cancel = new CancellationTokenSource(_patience);
        using var http = new HttpClient { BaseAddress = app.WebAddress };

        using var response = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-cache", response.Headers.CacheControl!.ToString());
        var events = new ServerSentEvents(await response.Content.ReadAsStreamAsync(cancel.Token));

        var snapshot = (await events.NextAsync(cancel.Token))!;
        Assert.Equal(("snapshot", "1"), (snapshot.Name, snapshot.Id));
        var status = JsonDocument.Parse(snapshot.Data).RootElement;
        Assert.Equal(1, status.GetProperty("count").GetInt32());
        Assert.Equal("Before", status.GetProperty("recent")[0].GetProperty("firstName").GetString());
        Assert.Contains("retry: 2000", events.Lines);

        await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[1] });
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = codes[2] });
        await new Admin.AdminClient(channel).RevokeCodeAsync(new RevokeCodeRequest { Code = codes[1] }, app.AdminHeaders);

        var changes = new List<ServerSentEvent>();
        while (changes.Count < 3 && await events.NextAsync(cancel.Token) is { } next)
        {
            changes.Add(next);
        }

        Assert.Equal(["registered", "registered", "cancelled"], changes.Select(e => e.Name));
        Assert.Equal(["2", "3", "4"], changes.Select(e => e.Id));
        var data = changes.Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.Equal([2, 3, 2], data.Select(d => d.GetProperty("count").GetInt32()));
        Assert.Equal("Grace", data[1].GetProperty("attendant").GetProperty("firstName").GetString());
        Assert.Equal(2, data[2].GetProperty("attendant").GetProperty("number").GetInt64());
    }

    [Fact]
    public async Task TheSubscriptionIsRemovedWhenTheClientDisconnects()
    {
        await using var app = new RollCallApplication().StartKestrel();
        var broadcaster = app.Services.GetRequiredService<EventStatuses>().Current;
        using var cancel = new CancellationTokenSource(_patience);
        using var http = new HttpClient { BaseAddress = app.WebAddress };

        var response = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var events = new ServerSentEvents(await response.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal("snapshot", (await events.NextAsync(cancel.Token))!.Name);
        Assert.Equal(1, broadcaster.SubscriberCount);

        response.Dispose();

        await Eventually.TrueAsync(() => broadcaster.SubscriberCount == 0, _patience);
    }

    [Fact]
    public async Task EachConnectionHasItsOwnSubscription()
    {
        await using var app = new RollCallApplication().StartKestrel();
        var broadcaster = app.Services.GetRequiredService<EventStatuses>().Current;
        using var cancel = new CancellationTokenSource(_patience);
        using var http = new HttpClient { BaseAddress = app.WebAddress };

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            var response = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            Assert.Equal("snapshot", (await new ServerSentEvents(await response.Content.ReadAsStreamAsync(cancel.Token)).NextAsync(cancel.Token))!.Name);
            responses.Add(response);
        }

        Assert.Equal(3, broadcaster.SubscriberCount);
        responses.ForEach(r => r.Dispose());
        await Eventually.TrueAsync(() => broadcaster.SubscriberCount == 0, _patience);
    }

    [Fact]
    public async Task NamesAreJsonEncodedSoNoMarkupTravelsRaw()
    {
        await using var app = new RollCallApplication().StartKestrel();
        var channel = app.CreateChannel();
        var code = (await AdminCalls.MintAsync(channel, app.AdminToken, 1))[0];
        await new Registration.RegistrationClient(channel).RegisterAsync(new RegisterRequest { FirstName = "<script>x</script>", LastName = "\"Quoted\"", Code = code });
        using var cancel = new CancellationTokenSource(_patience);
        using var http = new HttpClient { BaseAddress = app.WebAddress };

        using var response = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var snapshot = (await new ServerSentEvents(await response.Content.ReadAsStreamAsync(cancel.Token)).NextAsync(cancel.Token))!;

        Assert.DoesNotContain("<", snapshot.Data);
        var attendant = JsonDocument.Parse(snapshot.Data).RootElement.GetProperty("recent")[0];
        Assert.Equal("<script>x</script>", attendant.GetProperty("firstName").GetString());
        Assert.Equal("\"Quoted\"", attendant.GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task WithoutPublicNamesTheStreamCarriesCountsAndNumbersOnly()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:PublicNames"] = "false" }).StartKestrel();
        var channel = app.CreateChannel();
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 2);
        var registration = new Registration.RegistrationClient(channel);
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Private", LastName = "Person", Code = codes[0] });
        using var cancel = new CancellationTokenSource(_patience);
        using var http = new HttpClient { BaseAddress = app.WebAddress };

        using var response = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var events = new ServerSentEvents(await response.Content.ReadAsStreamAsync(cancel.Token));
        var snapshot = (await events.NextAsync(cancel.Token))!;
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Secret", LastName = "Agent", Code = codes[1] });
        var change = (await events.NextAsync(cancel.Token))!;

        Assert.Equal(0, JsonDocument.Parse(snapshot.Data).RootElement.GetProperty("recent").GetArrayLength());
        Assert.DoesNotContain("Private", snapshot.Data);
        Assert.DoesNotContain("Secret", change.Data);
        Assert.Equal(2, JsonDocument.Parse(change.Data).RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task AnIdleStreamGetsHeartbeatCommentsThatAreNotEvents()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:EventHeartbeatSeconds"] = "1" }).StartKestrel();
        using var cancel = new CancellationTokenSource(_patience);
        using var http = new HttpClient { BaseAddress = app.WebAddress };
        using var response = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var heartbeats = 0;
        var lines = new List<string>();
        while (heartbeats < 2 && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            lines.Add(line);
            heartbeats += line == ": heartbeat" ? 1 : 0;
        }

        Assert.Equal(2, heartbeats);
        Assert.Single(lines, l => l.StartsWith("event:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoppingTheServerEndsTheStream()
    {
        var app = new RollCallApplication().StartKestrel();
        using var cancel = new CancellationTokenSource(_patience);
        using var http = new HttpClient { BaseAddress = app.WebAddress };
        using var response = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var events = new ServerSentEvents(await response.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal("snapshot", (await events.NextAsync(cancel.Token))!.Name);

        var disposing = app.DisposeAsync().AsTask();

        Assert.Null(await ReadToEndAsync(events, cancel.Token));
        await disposing.WaitAsync(cancel.Token);
    }

    private static async Task<ServerSentEvent?> ReadToEndAsync(ServerSentEvents events, CancellationToken cancellationToken)
    {
        try
        {
            return await events.NextAsync(cancellationToken);
        }
        catch (HttpIOException)
        {
            // Kestrel may cut the connection rather than end the chunked body; either way the stream is over.
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
