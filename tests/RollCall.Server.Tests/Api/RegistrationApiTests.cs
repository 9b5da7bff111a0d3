using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Api;

/// <summary>The v1 API end to end through gRPC: register, status, lists, code life cycle.</summary>
public sealed class RegistrationApiTests
{
    [Fact]
    public async Task RegisterReturnsTheAttendeeAndTheSeedsSuccessMessage()
    {
        await using var app = new RollCallApplication();
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];

        var response = await new Registration.RegistrationClient(app.CreateChannel())
            .RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });

        Assert.Equal("Successfully registered!", response.Message);
        Assert.Equal(1, response.Attendant.Number);
        Assert.Equal("Ada", response.Attendant.FirstName);
    }

    [Fact]
    public async Task RegisterErrorsUseTheRightStatusCodes()
    {
        await using var app = new RollCallApplication();
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];
        var client = new Registration.RegistrationClient(app.CreateChannel());
        await client.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });

        async Task<RpcException> Fail(RegisterRequest request) => await Assert.ThrowsAsync<RpcException>(async () => await client.RegisterAsync(request));

        var empty = await Fail(new RegisterRequest { FirstName = "", LastName = "Lovelace", Code = code });
        Assert.Equal((StatusCode.InvalidArgument, "Please fill all fields."), (empty.StatusCode, empty.Status.Detail));
        var used = await Fail(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = code });
        Assert.Equal((StatusCode.AlreadyExists, $"The code {code} has already been used."), (used.StatusCode, used.Status.Detail));
        var unknown = await Fail(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = "42" });
        Assert.Equal((StatusCode.NotFound, "The code 42 is not a valid code."), (unknown.StatusCode, unknown.Status.Detail));
    }

    [Fact]
    public async Task GetStatusReturnsTheCountAndTheMostRecentAttendeesNewestFirst()
    {
        await using var app = new RollCallApplication();
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 25);
        var client = new Registration.RegistrationClient(app.CreateChannel());
        for (var i = 0; i < codes.Count; i++)
        {
            await client.RegisterAsync(new RegisterRequest { FirstName = "Guest", LastName = $"{i + 1}", Code = codes[i] });
        }

        var status = await client.GetStatusAsync(new GetStatusRequest());

        Assert.Equal(25, status.Count);
        Assert.Equal(25, status.Version);
        Assert.Equal(20, status.RecentAttendants.Count);
        Assert.Equal(25, status.RecentAttendants[0].Number);
        Assert.Equal(6, status.RecentAttendants[^1].Number);
    }

    [Fact]
    public async Task ListAttendantsPagesThroughEveryoneInOrder()
    {
        await using var app = new RollCallApplication();
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 7);
        var client = new Registration.RegistrationClient(app.CreateChannel());
        foreach (var code in codes)
        {
            await client.RegisterAsync(new RegisterRequest { FirstName = "G", LastName = code, Code = code });
        }

        var seen = new List<long>();
        var request = new ListAttendantsRequest { PageSize = 3 };
        var pages = 0;
        do
        {
            var page = await client.ListAttendantsAsync(request);
            Assert.Equal(7, page.TotalSize);
            seen.AddRange(page.Attendants.Select(a => a.Number));
            request.PageToken = page.NextPageToken;
            pages++;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData(-1, "")]
    [InlineData(1001, "")]
    [InlineData(10, "garbage!")]
    public async Task ListAttendantsRejectsBadPagingWithInvalidArgument(int pageSize, string token)
    {
        await using var app = new RollCallApplication();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Registration.RegistrationClient(app.CreateChannel()).ListAttendantsAsync(new ListAttendantsRequest { PageSize = pageSize, PageToken = token }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    [InlineData(-3)]
    public async Task IssueCodesRejectsCountsOutsideOneToTenThousand(int count)
    {
        await using var app = new RollCallApplication();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Admin.AdminClient(app.CreateChannel()).IssueCodesAsync(new IssueCodesRequest { Count = count }, app.AdminHeaders));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task IssueCodesMintsTenThousandDistinctCodesInOneCall()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());

        var response = await admin.IssueCodesAsync(new IssueCodesRequest { Count = 10_000, Label = "sponsor-X" }, app.AdminHeaders);

        Assert.Equal(10_000, response.Codes.Select(c => c.Code).Distinct().Count());
        Assert.All(response.Codes, c => Assert.Equal("sponsor-X", c.Label));
        var stats = await admin.GetCodeStatsAsync(new GetCodeStatsRequest(), app.AdminHeaders);
        Assert.Equal(10_000, stats.Issued);
        Assert.Equal(10_000, stats.Outstanding);
    }

    [Fact]
    public async Task AnExpiredCodeSaysItHasExpired()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));
        await using var app = new RollCallApplication(time: time);
        var admin = new Admin.AdminClient(app.CreateChannel());
        var code = (await admin.IssueCodesAsync(new IssueCodesRequest { Count = 1, Ttl = Duration.FromTimeSpan(TimeSpan.FromHours(1)) }, app.AdminHeaders)).Codes[0];
        Assert.Equal(Timestamp.FromDateTimeOffset(time.GetUtcNow().AddHours(1)), code.ExpiresAt);

        time.Advance(TimeSpan.FromHours(2));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "A", LastName = "B", Code = code.Code }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal($"The code {code.Code} has expired.", error.Status.Detail);
        var listed = await admin.ListCodesAsync(new ListCodesRequest { State = CodeState.Expired }, app.AdminHeaders);
        Assert.Equal(code.Code, Assert.Single(listed.Codes).Code);
    }

    [Fact]
    public async Task ARevokedCodeCannotBeRedeemedAndRevokingAUsedCodeCancelsTheRegistration()
    {
        await using var app = new RollCallApplication();
        var channel = app.CreateChannel();
        var admin = new Admin.AdminClient(channel);
        var client = new Registration.RegistrationClient(channel);
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 2);
        await client.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[1] });

        var revokedOutstanding = await admin.RevokeCodeAsync(new RevokeCodeRequest { Code = codes[0] }, app.AdminHeaders);
        var revokedUsed = await admin.RevokeCodeAsync(new RevokeCodeRequest { Code = codes[1] }, app.AdminHeaders);

        Assert.Equal(CodeState.Revoked, revokedOutstanding.Code.State);
        Assert.False(revokedOutstanding.RegistrationCancelled);
        Assert.True(revokedUsed.RegistrationCancelled);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.RegisterAsync(new RegisterRequest { FirstName = "A", LastName = "B", Code = codes[0] }));
        Assert.Equal((StatusCode.FailedPrecondition, $"The code {codes[0]} has been revoked."), (error.StatusCode, error.Status.Detail));
        var status = await client.GetStatusAsync(new GetStatusRequest());
        Assert.Equal(0, status.Count);
        Assert.Equal(2, status.Version);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await admin.RevokeCodeAsync(new RevokeCodeRequest { Code = "42" }, app.AdminHeaders));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ListCodesFiltersByStateAndLabelAndPages()
    {
        await using var app = new RollCallApplication();
        var channel = app.CreateChannel();
        var admin = new Admin.AdminClient(channel);
        var speakers = await AdminCalls.MintAsync(channel, app.AdminToken, 5, "speakers");
        await AdminCalls.MintAsync(channel, app.AdminToken, 3, "sponsor-X");
        await new Registration.RegistrationClient(channel).RegisterAsync(new RegisterRequest { FirstName = "A", LastName = "B", Code = speakers[0] });

        var redeemed = await admin.ListCodesAsync(new ListCodesRequest { State = CodeState.Redeemed }, app.AdminHeaders);
        Assert.Equal(speakers[0], Assert.Single(redeemed.Codes).Code);
        Assert.Equal(1, redeemed.Codes[0].AttendantNumber);

        var listed = new List<string>();
        var request = new ListCodesRequest { Label = "speakers", PageSize = 2 };
        do
        {
            var page = await admin.ListCodesAsync(request, app.AdminHeaders);
            listed.AddRange(page.Codes.Select(c => c.Code));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(speakers, listed);
    }

    [Fact]
    public async Task ExportAttendantsStreamsEveryoneWithTheirCodeAndLabel()
    {
        await using var app = new RollCallApplication();
        var channel = app.CreateChannel();
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 1200, "general");
        var client = new Registration.RegistrationClient(channel);
        await Task.WhenAll(codes.Select(c => client.RegisterAsync(new RegisterRequest { FirstName = "G", LastName = c, Code = c }).ResponseAsync));

        using var call = new Admin.AdminClient(channel).ExportAttendants(new ExportAttendantsRequest(), app.AdminHeaders);
        var rows = new List<ExportedAttendant>();
        await foreach (var batch in call.ResponseStream.ReadAllAsync())
        {
            rows.AddRange(batch.Attendants);
        }

        Assert.Equal(1200, rows.Count);
        Assert.All(rows, r => Assert.Equal(r.Attendant.LastName, r.Code));
        Assert.All(rows, r => Assert.Equal("general", r.Label));
        Assert.Equal(rows.Select(r => r.Attendant.Number).Order(), rows.Select(r => r.Attendant.Number));
    }

    [Fact]
    public async Task TheV1ApiIsAlsoJsonOverHttp()
    {
        await using var app = new RollCallApplication();
        var http = app.CreateClient();
        using var issue = new HttpRequestMessage(HttpMethod.Post, "/api/v1/codes")
        {
            Content = new StringContent("{\"count\":1}", System.Text.Encoding.UTF8, "application/json"),
        };
        issue.Headers.Authorization = new("Bearer", app.AdminToken);
        var minted = System.Text.Json.JsonDocument.Parse(await (await http.SendAsync(issue)).Content.ReadAsStringAsync());
        var code = minted.RootElement.GetProperty("codes")[0].GetProperty("code").GetString();

        using var register = await http.PostAsync("/api/v1/registrations", new StringContent(
            $"{{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"code\":\"{code}\"}}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, register.StatusCode);
        var again = await http.PostAsync("/api/v1/registrations", new StringContent(
            $"{{\"firstName\":\"Grace\",\"lastName\":\"Hopper\",\"code\":\"{code}\"}}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, again.StatusCode);
        var status = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/v1/status"));
        Assert.Equal(1, status.RootElement.GetProperty("count").GetInt32());
    }
}
