using System.Net;
using Grpc.Core;
using RollCall.Testing;
using RollCall.V1;
using LegacyClient = RollCall.Legacy.RegisterService.RegisterServiceClient;

namespace RollCall.Server.Tests.Security;

/// <summary>With --public-names=false the public sees only the count, on every path; the admin token shows names.</summary>
public sealed class PrivacyTests : IAsyncLifetime
{
    private readonly RollCallApplication _app = new(new Dictionary<string, string?> { ["RollCall:PublicNames"] = "false" });
    private Registration.RegistrationClient _registration = null!;

    public async Task InitializeAsync()
    {
        var channel = _app.CreateChannel();
        _registration = new Registration.RegistrationClient(channel);
        var codes = await AdminCalls.MintAsync(channel, _app.AdminToken, 2);
        await _registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[0] });
        await _registration.RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = codes[1] });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ThePageAndTheAttendeeListShowOnlyTheCount()
    {
        var http = _app.CreateClient();
        var page = await http.GetStringAsync("/");
        var list = await http.GetStringAsync("/attendees");

        Assert.Contains("<span id=\"count\">2</span>", page);
        Assert.DoesNotContain("Lovelace", page);
        Assert.DoesNotContain("Lovelace", list);
        Assert.DoesNotContain("Hopper", list);
    }

    [Fact]
    public async Task The2016GetStatusShowsOnlyTheCountUnlessTheAdminTokenIsSent()
    {
        var legacy = new LegacyClient(_app.CreateChannel());

        var anonymous = await legacy.GetStatusAsync(new RollCall.Legacy.StatusRequest());
        var admin = await legacy.GetStatusAsync(new RollCall.Legacy.StatusRequest(), _app.AdminHeaders);
        var again = await legacy.GetStatusAsync(new RollCall.Legacy.StatusRequest());

        Assert.Equal((2, 0), (anonymous.AppData.Counter, anonymous.AppData.Attendants.Count));
        Assert.Equal("Ada Lovelace", admin.AppData.Attendants["1"]);
        // The admin's view is cached apart: the public view after it still has no names.
        Assert.Empty(again.AppData.Attendants);
    }

    [Fact]
    public async Task TheV1GetStatusShowsOnlyTheCountUnlessTheAdminTokenIsSent()
    {
        var anonymous = await _registration.GetStatusAsync(new GetStatusRequest());
        var admin = await _registration.GetStatusAsync(new GetStatusRequest(), _app.AdminHeaders);
        var again = await _registration.GetStatusAsync(new GetStatusRequest());

        Assert.Equal((2, 0), (anonymous.Count, anonymous.RecentAttendants.Count));
        Assert.Equal(["Grace", "Ada"], admin.RecentAttendants.Select(a => a.FirstName));
        Assert.Empty(again.RecentAttendants);
    }

    [Fact]
    public async Task AWrongTokenOnGetStatusIsDeniedNotSilentlyServed()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _registration.GetStatusAsync(new GetStatusRequest(), AdminCalls.Bearer("wrong-token-xxxxxxxx")));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task TheJsonStatusShowsOnlyTheCount()
    {
        var json = await _app.CreateClient().GetStringAsync("/api/v1/status");
        Assert.Contains("\"count\":2", json.Replace(" ", string.Empty));
        Assert.DoesNotContain("Ada", json);
    }

    [Fact]
    public async Task ListAttendantsNeedsTheAdminToken()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _registration.ListAttendantsAsync(new ListAttendantsRequest()));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        var page = await _registration.ListAttendantsAsync(new ListAttendantsRequest(), _app.AdminHeaders);
        Assert.Equal(2, page.Attendants.Count);
    }

    [Fact]
    public async Task WatchStatusStreamsCountsWithoutNamesAndNamesWithTheAdminToken()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var anonymous = _registration.WatchStatus(new WatchStatusRequest(), cancellationToken: cancel.Token);
        using var admin = _registration.WatchStatus(new WatchStatusRequest(), _app.AdminHeaders, cancellationToken: cancel.Token);
        Assert.True(await anonymous.ResponseStream.MoveNext(cancel.Token));
        Assert.True(await admin.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(2, anonymous.ResponseStream.Current.Count);
        Assert.Empty(anonymous.ResponseStream.Current.Snapshot.RecentAttendants);
        Assert.Equal(2, admin.ResponseStream.Current.Snapshot.RecentAttendants.Count);

        var code = (await AdminCalls.MintAsync(_app.CreateChannel(), _app.AdminToken, 1))[0];
        await _registration.RegisterAsync(new RegisterRequest { FirstName = "Katherine", LastName = "Johnson", Code = code });

        Assert.True(await anonymous.ResponseStream.MoveNext(cancel.Token));
        Assert.True(await admin.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal((3, 3L, string.Empty), (anonymous.ResponseStream.Current.Count, anonymous.ResponseStream.Current.Registered.Number, anonymous.ResponseStream.Current.Registered.FirstName));
        Assert.Equal("Katherine", admin.ResponseStream.Current.Registered.FirstName);
    }

    [Fact]
    public async Task ByDefaultNamesArePublic()
    {
        await using var app = new RollCallApplication();
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];
        await new Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });

        var status = await new LegacyClient(app.CreateChannel()).GetStatusAsync(new RollCall.Legacy.StatusRequest());

        Assert.Equal("Ada Lovelace", status.AppData.Attendants["1"]);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/")).StatusCode);
    }
}
