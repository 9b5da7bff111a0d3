using Grpc.Core;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Api;

/// <summary>Admin calls need the admin token, which the server generates and keeps private.</summary>
public sealed class AdminAuthTests
{
    [Fact]
    public async Task AnAdminCallWithoutATokenIsUnauthenticated()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());

        var error = await Assert.ThrowsAsync<RpcException>(async () => await admin.IssueCodesAsync(new IssueCodesRequest { Count = 1 }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("admin token", error.Status.Detail);
    }

    [Fact]
    public async Task AnAdminCallWithAWrongTokenIsDenied()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await admin.IssueCodesAsync(new IssueCodesRequest { Count = 1 }, AdminCalls.Bearer(app.AdminToken + "x")));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("The admin token is not valid.", error.Status.Detail);
    }

    [Theory]
    [InlineData("Basic abc")]
    [InlineData("Bearer")]
    [InlineData("token-without-scheme")]
    public async Task AMalformedAuthorizationHeaderIsDenied(string header)
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await admin.GetCodeStatsAsync(new GetCodeStatsRequest(), new Metadata { { "authorization", header } }));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task EveryAdminMethodIsGuarded()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());
        var calls = new Func<Task>[]
        {
            async () => await admin.IssueCodesAsync(new IssueCodesRequest { Count = 1 }),
            async () => await admin.RevokeCodeAsync(new RevokeCodeRequest { Code = "1" }),
            async () => await admin.ListCodesAsync(new ListCodesRequest()),
            async () => await admin.GetCodeStatsAsync(new GetCodeStatsRequest()),
            async () =>
            {
                using var call = admin.ExportAttendants(new ExportAttendantsRequest());
                await call.ResponseStream.MoveNext();
            },
        };

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }
    }

    [Fact]
    public async Task APublicCallNeverChecksATokenItSends()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:RateLimits:AdminFailuresPerAddress"] = "1" }, configureServices: log.AddTo);
        var channel = app.CreateChannel();

        // With public names the status is the same for everyone: a token sent along is not looked at.
        await new RollCall.Legacy.RegisterService.RegisterServiceClient(channel).GetStatusAsync(new RollCall.Legacy.StatusRequest(), AdminCalls.Bearer("not-a-token"));
        await new Registration.RegistrationClient(channel).GetStatusAsync(new GetStatusRequest(), AdminCalls.Bearer("not-a-token"));

        Assert.DoesNotContain(log.Events, e => e.EventId.Name == "AdminAuthFailed");
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Admin.AdminClient(channel).GetCodeStatsAsync(new GetCodeStatsRequest(), AdminCalls.Bearer("not-a-token")));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task TheRightTokenIsAccepted()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());

        var response = await admin.IssueCodesAsync(new IssueCodesRequest { Count = 3 }, app.AdminHeaders);

        Assert.Equal(3, response.Codes.Count);
    }

    [Fact]
    public async Task TheGeneratedTokenFileIsReadableOnlyByItsOwner()
    {
        await using var app = new RollCallApplication();
        var token = app.AdminToken;
        var file = Path.Combine(app.DataDirectory.Path, "admin-token");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.True(token.Length >= 22, "at least 128 bits of base64url");
    }

    [Fact]
    public async Task AnExistingTokenFileIsUsedAsIs()
    {
        using var data = new TempDirectory();
        var file = data.File("my-token");
        await File.WriteAllTextAsync(file, "a-token-chosen-by-the-operator\n");
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:AdminTokenFile"] = file });
        var admin = new Admin.AdminClient(app.CreateChannel());

        var response = await admin.GetCodeStatsAsync(new GetCodeStatsRequest(), AdminCalls.Bearer("a-token-chosen-by-the-operator"));

        Assert.Equal(0, response.Issued);
    }

    [Fact]
    public async Task TheTokenNeverAppearsInTheServerLog()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path);

        Assert.Contains(Path.Combine(data.Path, "admin-token"), server.Output);
        Assert.DoesNotContain(server.AdminToken, server.Output);
    }
}
