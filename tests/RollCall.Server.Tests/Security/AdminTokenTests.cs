using System.Net;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using RollCall.Server.Application;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>Named admin tokens: created, listed, rotated and revoked through the real API, stored only as hashes.</summary>
public sealed class AdminTokenTests
{
    private static async Task<StatusCode> StatsAsync(Admin.AdminClient admin, string token, string? from = null)
    {
        var headers = AdminCalls.Bearer(token);
        if (from is not null)
        {
            headers.Add("x-forwarded-for", from);
        }

        try
        {
            await admin.GetCodeStatsAsync(new GetCodeStatsRequest(), headers);
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    [Fact]
    public async Task ACreatedTokenWorksAndIsStoredOnlyAsItsSha256()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());

        var created = await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door-laptop" }, app.AdminHeaders);

        Assert.Equal("door-laptop", created.AdminToken.Name);
        Assert.True(created.Token.Length >= 43, "256 bits of base64url");
        Assert.Equal(StatusCode.OK, await StatsAsync(admin, created.Token));
        await using var connection = new SqliteConnection($"Data Source={app.DataDirectory.File("rollcall.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM admin_tokens WHERE name = 'door-laptop'";
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Token)), (byte[])(await command.ExecuteScalarAsync())!);
        var files = Directory.GetFiles(app.DataDirectory.Path, "rollcall.db*").Select(File.ReadAllBytes);
        Assert.DoesNotContain(files, bytes => Encoding.ASCII.GetString(bytes).Contains(created.Token));
    }

    [Fact]
    public void GeneratedTokensNeverStartWithADashSoEveryCommandLineTakesThem()
    {
        // Unprefixed base64url starts with '-' once in 64 tokens; 10,000 would show it.
        var tokens = Enumerable.Range(0, 10_000).Select(_ => AdminTokens.Generate()).ToList();

        Assert.All(tokens, token => Assert.Matches("^[A-Za-z0-9][A-Za-z0-9_-]{45}$", token));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public async Task ListAdminTokensShowsNamesAndHistoryButNeverValues()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());
        var first = await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door-laptop" }, app.AdminHeaders);
        await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "ci.bot_2" }, app.AdminHeaders);
        await admin.RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Name = "ci.bot_2" }, app.AdminHeaders);

        var list = await admin.ListAdminTokensAsync(new ListAdminTokensRequest(), app.AdminHeaders);

        Assert.Equal(["bootstrap", "door-laptop", "ci.bot_2"], list.AdminTokens.Select(t => t.Name));
        Assert.True(list.AdminTokens[0].Bootstrap);
        Assert.Null(list.AdminTokens[1].RevokedAt);
        Assert.NotNull(list.AdminTokens[2].RevokedAt);
        Assert.DoesNotContain(first.Token, list.ToString());
        Assert.DoesNotContain(app.AdminToken, list.ToString());
    }

    [Fact]
    public async Task RotatingANamedTokenGivesANewOneAndTheOldOneStopsWorking()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());
        var created = await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door-laptop" }, app.AdminHeaders);

        // An empty name rotates the token the call is made with.
        var rotated = await admin.RotateAdminTokenAsync(new RotateAdminTokenRequest(), AdminCalls.Bearer(created.Token));

        Assert.Equal("door-laptop", rotated.Name);
        Assert.NotEqual(created.Token, rotated.Token);
        Assert.Equal(StatusCode.PermissionDenied, await StatsAsync(admin, created.Token));
        Assert.Equal(StatusCode.OK, await StatsAsync(admin, rotated.Token));
        var listed = await admin.ListAdminTokensAsync(new ListAdminTokensRequest(), app.AdminHeaders);
        Assert.NotNull(listed.AdminTokens.Single(t => t.Name == "door-laptop").RotatedAt);
    }

    [Fact]
    public async Task RotatingTheBootstrapTokenRewritesTheTokenFileReadableOnlyByItsOwner()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());
        var old = app.AdminToken;

        var rotated = await admin.RotateAdminTokenAsync(new RotateAdminTokenRequest { Name = "bootstrap" }, AdminCalls.Bearer(old));

        var file = app.DataDirectory.File("admin-token");
        Assert.Equal(rotated.Token, File.ReadAllText(file).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(StatusCode.PermissionDenied, await StatsAsync(admin, old));
        Assert.Equal(StatusCode.OK, await StatsAsync(admin, rotated.Token));
    }

    [Fact]
    public async Task OnlyTheBootstrapTokenMayRotateTheBootstrapToken()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(configureServices: log.AddTo);
        var admin = new Admin.AdminClient(app.CreateChannel());
        var bootstrap = app.AdminToken;
        var door = await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door-laptop" }, app.AdminHeaders);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await admin.RotateAdminTokenAsync(new RotateAdminTokenRequest { Name = "bootstrap" }, AdminCalls.Bearer(door.Token)));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("Only the bootstrap token can rotate the bootstrap token.", error.Status.Detail);
        Assert.Equal(bootstrap, File.ReadAllText(app.DataDirectory.File("admin-token")).Trim());
        Assert.Equal(StatusCode.OK, await StatsAsync(admin, bootstrap));
        Assert.DoesNotContain(log.Events, e => e.EventId.Name == "AdminTokenRotated");
        // A named token still rotates itself, and the bootstrap token any token.
        Assert.Equal("door-laptop", (await admin.RotateAdminTokenAsync(new RotateAdminTokenRequest(), AdminCalls.Bearer(door.Token))).Name);
        Assert.Equal("bootstrap", (await admin.RotateAdminTokenAsync(new RotateAdminTokenRequest { Name = "bootstrap" }, AdminCalls.Bearer(bootstrap))).Name);
    }

    [Fact]
    public async Task ARevokedTokenStopsWorkingAtOnceAndItsUseIsAuditedByName()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(configureServices: log.AddTo);
        var admin = new Admin.AdminClient(app.CreateChannel());
        var created = await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door-laptop" }, app.AdminHeaders);

        var revoked = await admin.RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Name = "door-laptop" }, app.AdminHeaders);

        Assert.NotNull(revoked.AdminToken.RevokedAt);
        Assert.Equal(StatusCode.PermissionDenied, await StatsAsync(admin, created.Token));
        var failure = Assert.Single(log.Events, e => e.EventId.Name == "AdminAuthFailed");
        Assert.Equal("RollCall.Audit", failure.Category);
        Assert.Contains("/rollcall.v1.Admin/GetCodeStats", failure.Message);
        Assert.Contains("revoked admin token", failure.Message);
        Assert.Contains("'door-laptop'", failure.Message);
        Assert.Contains(log.Events, e => e.EventId.Name == "AdminTokenRevoked" && e.Message.Contains("'door-laptop' with admin token 'bootstrap'"));
    }

    [Fact]
    public async Task TheBootstrapTokenCannotBeRevokedAndBadOrTakenNamesAreRefused()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());
        await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door" }, app.AdminHeaders);

        async Task<StatusCode> Fails(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;

        Assert.Equal(StatusCode.FailedPrecondition, await Fails(async () => await admin.RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Name = "bootstrap" }, app.AdminHeaders)));
        Assert.Equal(StatusCode.AlreadyExists, await Fails(async () => await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door" }, app.AdminHeaders)));
        Assert.Equal(StatusCode.InvalidArgument, await Fails(async () => await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "bootstrap" }, app.AdminHeaders)));
        Assert.Equal(StatusCode.InvalidArgument, await Fails(async () => await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "<script>" }, app.AdminHeaders)));
        Assert.Equal(StatusCode.InvalidArgument, await Fails(async () => await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = new string('a', 65) }, app.AdminHeaders)));
        Assert.Equal(StatusCode.NotFound, await Fails(async () => await admin.RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Name = "nobody" }, app.AdminHeaders)));
        Assert.Equal(StatusCode.NotFound, await Fails(async () => await admin.RotateAdminTokenAsync(new RotateAdminTokenRequest { Name = "nobody" }, app.AdminHeaders)));
    }

    [Fact]
    public async Task NamedTokensSurviveARestart()
    {
        using var data = new TempDirectory();
        string token;
        await using (var first = new RollCallApplication(dataDirectory: data))
        {
            token = (await new Admin.AdminClient(first.CreateChannel()).CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door" }, first.AdminHeaders)).Token;
        }

        await using var second = new RollCallApplication(dataDirectory: data);
        Assert.Equal(StatusCode.OK, await StatsAsync(new Admin.AdminClient(second.CreateChannel()), token));
    }

    [Fact]
    public async Task WrongAdminTokensAreLimitedPerAddressAndLoggedWithoutTheirValue()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(
            new Dictionary<string, string?> { ["RollCall:TrustedProxies"] = "127.0.0.1", ["RollCall:RateLimits:AdminFailuresPerAddress"] = "5", ["RollCall:RateLimits:WindowSeconds"] = "3600" },
            configureServices: log.AddTo);
        var admin = new Admin.AdminClient(app.CreateChannel());

        var results = new List<StatusCode>();
        for (var i = 0; i < 8; i++)
        {
            results.Add(await StatsAsync(admin, $"guess-number-{i}-xxxxxxxxxxxxxxxx", from: "203.0.113.7"));
        }

        Assert.Equal(5, results.Count(r => r == StatusCode.PermissionDenied));
        Assert.Equal(3, results.Count(r => r == StatusCode.ResourceExhausted));
        // Wrong tokens from that address stay refused; the right token works from there (a venue
        // shares one address) and from everywhere else.
        Assert.Equal(StatusCode.ResourceExhausted, await StatsAsync(admin, "guess-number-8-xxxxxxxxxxxxxxxx", from: "203.0.113.7"));
        Assert.Equal(StatusCode.OK, await StatsAsync(admin, app.AdminToken, from: "203.0.113.7"));
        Assert.Equal(StatusCode.OK, await StatsAsync(admin, app.AdminToken, from: "203.0.113.8"));
        Assert.Equal(5, log.Events.Count(e => e.EventId.Name == "AdminAuthFailed" && e.Message.Contains("203.0.113.7")));
        Assert.Contains(log.Events, e => e.EventId.Name == "AdminAuthRateLimited");
        Assert.DoesNotContain("guess-number", log.AllText);
        Assert.DoesNotContain(app.AdminToken, log.AllText);
    }

    [Fact]
    public async Task WrongAdminTokensOverJsonGet403ThenA429WithRetryAfter()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:RateLimits:AdminFailuresPerAddress"] = "2" });
        var http = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tokens");
            request.Headers.Authorization = new("Bearer", "not-the-token-" + i);
            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
            retryAfter = response.Headers.RetryAfter?.Delta;
        }

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(TimeSpan.FromSeconds(30), retryAfter);
    }

    [Fact]
    public async Task TokensCanBeManagedAsJsonOverHttp()
    {
        await using var app = new RollCallApplication();
        var http = app.CreateClient();
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = new StringContent("{\"name\":\"kiosk\"}", Encoding.UTF8, "application/json") };
        create.Headers.Authorization = new("Bearer", app.AdminToken);
        using var created = await http.SendAsync(create);
        var token = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();

        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tokens");
        list.Headers.Authorization = new("Bearer", token);
        using var listed = await http.SendAsync(list);

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains("\"kiosk\"", await listed.Content.ReadAsStringAsync());
    }
}
