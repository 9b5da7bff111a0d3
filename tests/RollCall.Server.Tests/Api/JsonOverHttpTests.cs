using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RollCall.Testing;

namespace RollCall.Server.Tests.Api;

/// <summary>
/// The README's table of the v1 API as JSON over HTTP (gRPC JSON transcoding), row by row: paths,
/// bodies, query parameters, streams, and the HTTP status of each error.
/// </summary>
public sealed class JsonOverHttpTests : IAsyncLifetime
{
    private readonly RollCallApplication _app = new();
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RegisterAnswersEachSeedMessageWithItsHttpStatus()
    {
        var code = (await MintAsync("{\"count\":1}"))[0];

        var (status, body) = await RegisterAsync("Ada", "Lovelace", code);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Successfully registered!", body.GetProperty("message").GetString());
        Assert.Equal(1, body.GetProperty("attendant").GetProperty("number").GetInt64());

        Assert.Equal((HttpStatusCode.Conflict, $"The code {code} has already been used."), Error(await RegisterAsync("Grace", "Hopper", code)));
        Assert.Equal((HttpStatusCode.NotFound, "The code 42 is not a valid code."), Error(await RegisterAsync("Grace", "Hopper", "42")));
        Assert.Equal((HttpStatusCode.BadRequest, "Please fill all fields."), Error(await RegisterAsync(string.Empty, "Hopper", "42")));
    }

    [Fact]
    public async Task ARevokedCodeIsFailedPreconditionWhichIs400()
    {
        var code = (await MintAsync("{\"count\":1}"))[0];

        var revoke = await SendAsync(HttpMethod.Post, $"/api/v1/codes/{code}:revoke", "{}", admin: true);
        Assert.Equal(HttpStatusCode.OK, revoke.Status);
        Assert.Equal("CODE_STATE_REVOKED", revoke.Body.GetProperty("code").GetProperty("state").GetString());

        var registered = Error(await RegisterAsync("Ada", "Lovelace", code));
        Assert.Equal((HttpStatusCode.BadRequest, $"The code {code} has been revoked."), registered);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/api/v1/codes/42:revoke", "{}", admin: true)).Status);
    }

    [Fact]
    public async Task StatusAndAttendantsAreReadWithGetAndPagedWithQueryParameters()
    {
        var codes = await MintAsync("{\"count\":3}");
        foreach (var (code, name) in codes.Zip(new[] { "Ada", "Grace", "Linus" }))
        {
            await RegisterAsync(name, "X", code);
        }

        var status = JsonDocument.Parse(await _http.GetStringAsync("/api/v1/status")).RootElement;
        Assert.Equal(3, status.GetProperty("count").GetInt32());
        Assert.Equal("Linus", status.GetProperty("recentAttendants")[0].GetProperty("firstName").GetString());

        var first = JsonDocument.Parse(await _http.GetStringAsync("/api/v1/attendants?pageSize=2")).RootElement;
        Assert.Equal(["Ada", "Grace"], first.GetProperty("attendants").EnumerateArray().Select(a => a.GetProperty("firstName").GetString()));
        Assert.Equal(3, first.GetProperty("totalSize").GetInt32());
        var token = first.GetProperty("nextPageToken").GetString();
        var second = JsonDocument.Parse(await _http.GetStringAsync($"/api/v1/attendants?pageSize=2&pageToken={token}")).RootElement;
        Assert.Equal(["Linus"], second.GetProperty("attendants").EnumerateArray().Select(a => a.GetProperty("firstName").GetString()));
        Assert.Equal(string.Empty, second.GetProperty("nextPageToken").GetString());
    }

    [Fact]
    public async Task AdminCallsMintListCountAndExportWithTheBearerToken()
    {
        var minted = await SendAsync(HttpMethod.Post, "/api/v1/codes", "{\"count\":3,\"label\":\"speakers\",\"ttl\":\"86400s\"}", admin: true);
        Assert.Equal(HttpStatusCode.OK, minted.Status);
        var codes = minted.Body.GetProperty("codes").EnumerateArray().ToList();
        Assert.Equal(3, codes.Count);
        Assert.All(codes, c => Assert.True(c.TryGetProperty("expiresAt", out _)));
        await MintAsync("{\"count\":2}");
        await RegisterAsync("Ada", "Lovelace", codes[0].GetProperty("code").GetString()!);

        var listed = await SendAsync(HttpMethod.Get, "/api/v1/codes?state=CODE_STATE_OUTSTANDING&label=speakers", null, admin: true);
        Assert.Equal(2, listed.Body.GetProperty("codes").GetArrayLength());

        var stats = await SendAsync(HttpMethod.Get, "/api/v1/codes:stats", null, admin: true);
        Assert.Equal((5, 1, 4), (stats.Body.GetProperty("issued").GetInt32(), stats.Body.GetProperty("redeemed").GetInt32(), stats.Body.GetProperty("outstanding").GetInt32()));

        using var export = new HttpRequestMessage(HttpMethod.Get, "/api/v1/attendants:export");
        export.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminToken);
        var lines = await ReadLinesAsync(await _http.SendAsync(export));
        var exported = JsonDocument.Parse(Assert.Single(lines)).RootElement.GetProperty("attendants")[0];
        Assert.Equal("speakers", exported.GetProperty("label").GetString());
        Assert.Equal("Ada", exported.GetProperty("attendant").GetProperty("firstName").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/v1/codes:stats")]
    [InlineData("GET", "/api/v1/codes")]
    [InlineData("POST", "/api/v1/codes")]
    [InlineData("GET", "/api/v1/attendants:export")]
    public async Task AdminPathsAre401WithoutTheTokenAnd403WithAWrongOne(string method, string path)
    {
        var body = method == "POST" ? "{\"count\":1}" : null;

        var missing = await SendAsync(new HttpMethod(method), path, body, admin: false);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);

        using var request = Request(new HttpMethod(method), path, body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token");
        using var wrong = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("The admin token is not valid.", JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task WatchStatusStreamsOneJsonObjectPerLineStartingWithASnapshot()
    {
        await using var app = new RollCallApplication().StartKestrel();
        using var http = new HttpClient { BaseAddress = app.WebAddress };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];

        using var response = await http.GetAsync("/api/v1/status:watch", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var snapshot = JsonDocument.Parse((await reader.ReadLineAsync(cancel.Token))!).RootElement;
        using var register = new StringContent($"{{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"code\":\"{code}\"}}", Encoding.UTF8, "application/json");
        await http.PostAsync("/api/v1/registrations", register, cancel.Token);
        var change = JsonDocument.Parse((await reader.ReadLineAsync(cancel.Token))!).RootElement;

        Assert.True(snapshot.TryGetProperty("snapshot", out _));
        Assert.Equal(1, change.GetProperty("count").GetInt32());
        Assert.Equal("Ada", change.GetProperty("registered").GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task ABodyWithoutTheJsonContentTypeIsA400ThatSaysSo()
    {
        using var form = new StringContent("{\"count\":1}", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _http.PostAsync("/api/v1/registrations", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a known JSON content type", await response.Content.ReadAsStringAsync());
    }

    private async Task<List<string>> MintAsync(string body)
    {
        var (_, json) = await SendAsync(HttpMethod.Post, "/api/v1/codes", body, admin: true);
        return [.. json.GetProperty("codes").EnumerateArray().Select(c => c.GetProperty("code").GetString()!)];
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> RegisterAsync(string first, string last, string code) =>
        SendAsync(HttpMethod.Post, "/api/v1/registrations", JsonSerializer.Serialize(new { firstName = first, lastName = last, code }), admin: false);

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? body, bool admin)
    {
        using var request = Request(method, path, body);
        if (admin)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminToken);
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? body) => new(method, path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
    };

    private static (HttpStatusCode, string?) Error((HttpStatusCode Status, JsonElement Body) answer) =>
        (answer.Status, answer.Body.GetProperty("message").GetString());

    private static async Task<List<string>> ReadLinesAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
    }
}
