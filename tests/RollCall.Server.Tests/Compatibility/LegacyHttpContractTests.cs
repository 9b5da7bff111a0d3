using System.Net;
using System.Text.Json;
using RollCall.Testing;

namespace RollCall.Server.Tests.Compatibility;

/// <summary>The 2016 HTTP contract: POST /register with data=JSON, and the page's plain form.</summary>
public sealed class LegacyHttpContractTests : IAsyncLifetime
{
    private readonly RollCallApplication _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient(new() { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RegisteringWithAFreshCodeAnswersAnEmptyBody()
    {
        var code = await MintAsync();
        var (status, body) = await PostLegacyAsync("Ada", "Lovelace", code);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(string.Empty, body);
    }

    [Theory]
    [InlineData("", "Lovelace", "1")]
    [InlineData("Ada", "", "1")]
    [InlineData("Ada", "Lovelace", "")]
    [InlineData("   ", "Lovelace", "1")]
    public async Task AnEmptyFieldSaysPleaseFillAllFields(string first, string last, string code)
    {
        var (status, body) = await PostLegacyAsync(first, last, code);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Please fill all fields.", JsonSerializer.Deserialize<string>(body));
    }

    [Fact]
    public async Task AMissingFieldSaysPleaseFillAllFields()
    {
        var (status, body) = await PostRawAsync("data=" + Uri.EscapeDataString("{\"firstName\":\"Ada\"}"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Please fill all fields.", JsonSerializer.Deserialize<string>(body));
    }

    [Fact]
    public async Task ACodeUsedTwiceSaysItHasAlreadyBeenUsed()
    {
        var code = await MintAsync();
        await PostLegacyAsync("Ada", "Lovelace", code);
        var (status, body) = await PostLegacyAsync("Grace", "Hopper", code);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"The code {code} has already been used.", JsonSerializer.Deserialize<string>(body));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("979509393")]
    [InlineData("not-a-number")]
    public async Task ACodeNeverIssuedIsNotAValidCode(string code)
    {
        var (status, body) = await PostLegacyAsync("Ada", "Lovelace", code);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"The code {code} is not a valid code.", JsonSerializer.Deserialize<string>(body));
    }

    [Fact]
    public async Task ACodeSentAsAJsonNumberIsAccepted()
    {
        var code = await MintAsync();
        var (status, body) = await PostRawAsync("data=" + Uri.EscapeDataString($"{{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"code\":{code}}}"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(string.Empty, body);
    }

    [Fact]
    public async Task ThePagesPlainFormRedirectsToTheSuccessMessage()
    {
        var code = await MintAsync();
        var response = await PostFormAsync("Ada", "Lovelace", code);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await _client.GetStringAsync(response.Headers.Location);
        Assert.Contains("Successfully registered!", page);
        Assert.Contains("Ada Lovelace", page);
    }

    [Fact]
    public async Task ThePagesPlainFormShowsEverySeedErrorMessage()
    {
        var code = await MintAsync();
        await PostFormAsync("Ada", "Lovelace", code);

        Assert.Contains("Please fill all fields.", await FollowAsync(await PostFormAsync("", "Lovelace", code)));
        Assert.Contains($"The code {code} has already been used.", await FollowAsync(await PostFormAsync("Grace", "Hopper", code)));
        Assert.Contains("The code 42 is not a valid code.", await FollowAsync(await PostFormAsync("Grace", "Hopper", "42")));
    }

    [Fact]
    public async Task AFailedPlainFormKeepsTheCodeInTheField()
    {
        var page = await FollowAsync(await PostFormAsync("Grace", "Hopper", "42"));
        Assert.Contains("id=\"code\"", page);
        Assert.Contains("value=\"42\"", page);
    }

    private async Task<string> MintAsync() => (await AdminCalls.MintAsync(_app.CreateChannel(), _app.AdminToken, 1))[0];

    private Task<(HttpStatusCode, string)> PostLegacyAsync(string first, string last, string code) =>
        PostRawAsync("data=" + Uri.EscapeDataString(JsonSerializer.Serialize(new { firstName = first, lastName = last, code })));

    private async Task<(HttpStatusCode, string)> PostRawAsync(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.PostAsync("/register", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> PostFormAsync(string first, string last, string code) =>
        await _client.PostAsync("/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["firstName"] = first,
            ["lastName"] = last,
            ["code"] = code,
        }));

    private async Task<string> FollowAsync(HttpResponseMessage redirect)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return await _client.GetStringAsync(redirect.Headers.Location);
    }
}
