using System.Net;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Localization;

/// <summary>The 2016 contract and the v1 API keep their English, whatever language the caller prefers.</summary>
public sealed class EnglishContractTests : IAsyncLifetime
{
    private static readonly string[] _spanishCallers = ["es-CO", "es", "es-ES,es;q=0.9"];
    private readonly RollCallApplication _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheTwentySixteenFormAnswersItsExactEnglishBytesUnderASpanishAcceptLanguage()
    {
        var code = (await AdminCalls.MintAsync(_app.CreateChannel(), _app.AdminToken, 1))[0];

        // Registered: HTTP 200 and an empty body.
        var registered = await PostLegacyAsync("José", "Núñez", code, "es-CO");
        Assert.Equal(HttpStatusCode.OK, registered.Status);
        Assert.Empty(registered.Body);

        foreach (var language in _spanishCallers)
        {
            await AssertExactAsync(PostLegacyAsync("Grace", "Hopper", code, language), $"\"The code {code} has already been used.\"");
            await AssertExactAsync(PostLegacyAsync("Grace", "Hopper", "42", language), "\"The code 42 is not a valid code.\"");
            await AssertExactAsync(PostLegacyAsync(string.Empty, "Hopper", "42", language), "\"Please fill all fields.\"");
        }

        // And with the Spanish cookie and ?lang=es on the address, which the 2016 page never sent.
        await AssertExactAsync(PostLegacyAsync("Grace", "Hopper", "42", "es-CO", cookie: "rollcall_lang=c%3Des%7Cuic%3Des"), "\"The code 42 is not a valid code.\"");
        var withQuery = await PostLegacyAsync("Grace", "Hopper", "42", "es-CO", path: "/register?lang=es");
        Assert.Equal(Encoding.UTF8.GetBytes("\"The code 42 is not a valid code.\""), withQuery.Body);
        Assert.False(withQuery.SetsCookie);
    }

    [Fact]
    public async Task TheTwentySixteenAnswerIsTheSameResponseInEveryLanguage()
    {
        var english = await PostLegacyAsync("Grace", "Hopper", "42", null);
        var spanish = await PostLegacyAsync("Grace", "Hopper", "42", "es-CO");

        Assert.Equal(english.Status, spanish.Status);
        Assert.Equal(english.Body, spanish.Body);
        Assert.Equal(english.ContentType, spanish.ContentType);
        Assert.False(spanish.SetsCookie);
    }

    [Fact]
    public async Task TheTwentySixteenGetStatusIsTheSameMessageForASpanishCaller()
    {
        var code = (await AdminCalls.MintAsync(_app.CreateChannel(), _app.AdminToken, 1))[0];
        await new Registration.RegistrationClient(_app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "José", LastName = "Núñez", Code = code });
        var legacy = new RollCall.Legacy.RegisterService.RegisterServiceClient(_app.CreateChannel());

        var english = await legacy.GetStatusAsync(new RollCall.Legacy.StatusRequest());
        var spanish = await legacy.GetStatusAsync(new RollCall.Legacy.StatusRequest(), new Metadata { { "accept-language", "es-CO" } });

        Assert.Equal(english, spanish);
        Assert.Equal(1, spanish.AppData.Counter);
    }

    [Fact]
    public async Task TheV1GrpcErrorsStayEnglishForASpanishCaller()
    {
        var client = new Registration.RegistrationClient(_app.CreateChannel());
        var headers = new Metadata { { "accept-language", "es-CO" } };

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = "42" }, headers));

        Assert.Equal("The code 42 is not a valid code.", error.Status.Detail);
    }

    [Fact]
    public async Task TheV1JsonErrorsStayEnglishForASpanishCaller()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/registrations")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { firstName = "Grace", lastName = "Hopper", code = "42" }), Encoding.UTF8, "application/json"),
        };
        request.Headers.AcceptLanguage.ParseAdd("es-CO");
        request.Headers.Add("Cookie", "rollcall_lang=c%3Des%7Cuic%3Des");

        using var response = await _app.CreateClient().SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("The code 42 is not a valid code.", body.GetProperty("message").GetString());
    }

    private static async Task AssertExactAsync(Task<Answer> answer, string expected)
    {
        var (status, body, contentType, setsCookie) = await answer;
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), body);
        Assert.Equal("application/json; charset=utf-8", contentType);
        Assert.False(setsCookie);
    }

    private async Task<Answer> PostLegacyAsync(string first, string last, string code, string? acceptLanguage, string? cookie = null, string path = "/register")
    {
        var data = "data=" + Uri.EscapeDataString(JsonSerializer.Serialize(new { firstName = first, lastName = last, code }));
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(data, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await _app.CreateClient().SendAsync(request);
        return new Answer(
            response.StatusCode,
            await response.Content.ReadAsByteArrayAsync(),
            response.Content.Headers.ContentType?.ToString(),
            response.Headers.Contains("Set-Cookie"));
    }

    private sealed record Answer(HttpStatusCode Status, byte[] Body, string? ContentType, bool SetsCookie);
}
