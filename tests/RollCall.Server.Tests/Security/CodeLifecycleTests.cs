using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>Revoked and expired codes get their own clear message on every path, not "not a valid code".</summary>
public sealed class CodeLifecycleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));
    private RollCallApplication _app = null!;
    private string _revoked = null!;
    private string _expired = null!;

    public async Task InitializeAsync()
    {
        _app = new RollCallApplication(time: _time);
        var channel = _app.CreateChannel();
        var admin = new Admin.AdminClient(channel);
        _revoked = (await AdminCalls.MintAsync(channel, _app.AdminToken, 1, "door"))[0];
        await admin.RevokeCodeAsync(new RevokeCodeRequest { Code = _revoked }, _app.AdminHeaders);
        _expired = (await admin.IssueCodesAsync(new IssueCodesRequest { Count = 1, Ttl = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) }, _app.AdminHeaders)).Codes[0].Code;
        _time.Advance(TimeSpan.FromMinutes(6));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The2016FormSaysRevokedOrExpired()
    {
        Assert.Equal($"The code {_revoked} has been revoked.", await PostLegacyAsync(_revoked));
        Assert.Equal($"The code {_expired} has expired.", await PostLegacyAsync(_expired));
    }

    [Fact]
    public async Task ThePageWithoutJavaScriptSaysRevokedOrExpired()
    {
        var http = _app.CreateClient(new() { AllowAutoRedirect = true });
        foreach (var (code, message) in new[] { (_revoked, $"The code {_revoked} has been revoked."), (_expired, $"The code {_expired} has expired.") })
        {
            using var response = await http.PostAsync("/register", new FormUrlEncodedContent(new Dictionary<string, string> { ["firstName"] = "Ada", ["lastName"] = "L", ["code"] = code }));
            Assert.Contains(message, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task TheJsonApiAnswers400WithTheMessage()
    {
        using var response = await _app.CreateClient().PostAsync("/api/v1/registrations", new StringContent($"{{\"firstName\":\"A\",\"lastName\":\"B\",\"code\":\"{_revoked}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("has been revoked", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LabelsShowInListingsAndExports()
    {
        var channel = _app.CreateChannel();
        var code = (await AdminCalls.MintAsync(channel, _app.AdminToken, 1, "speakers"))[0];
        await new Registration.RegistrationClient(channel).RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "L", Code = code });
        var admin = new Admin.AdminClient(channel);

        var listed = await admin.ListCodesAsync(new ListCodesRequest { Label = "door" }, _app.AdminHeaders);
        using var export = admin.ExportAttendants(new ExportAttendantsRequest(), _app.AdminHeaders);
        Assert.True(await export.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(_revoked, Assert.Single(listed.Codes).Code);
        Assert.Equal(CodeState.Revoked, listed.Codes[0].State);
        Assert.Equal("speakers", Assert.Single(export.ResponseStream.Current.Attendants).Label);
    }

    private async Task<string?> PostLegacyAsync(string code)
    {
        var json = JsonSerializer.Serialize(new { firstName = "Ada", lastName = "L", code });
        using var response = await _app.CreateClient().PostAsync("/register", new StringContent("data=" + Uri.EscapeDataString(json), Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<string>(await response.Content.ReadAsStringAsync());
    }
}
