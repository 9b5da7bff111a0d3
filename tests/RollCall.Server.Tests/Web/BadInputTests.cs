using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Web;

/// <summary>Bad input gets a clear 4xx or gRPC status with a message, never a 500 or a crash.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly RollCallApplication _app = new();
    private HttpClient _client = null!;
    private Registration.RegistrationClient _registration = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient(new() { AllowAutoRedirect = false });
        _registration = new Registration.RegistrationClient(_app.CreateChannel());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ATenThousandCharacterNameIsRejectedOverHttpWith400()
    {
        var (status, message) = await PostLegacyAsync(new string('a', 10_000), "Lovelace", "123");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The first name must be at most 100 characters.", message);
    }

    [Fact]
    public async Task ATenThousandCharacterNameIsInvalidArgumentOverGrpc()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = new string('b', 10_000), Code = "123" }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("The last name must be at most 100 characters.", error.Status.Detail);
    }

    [Fact]
    public async Task AHundredCharacterNameIsAcceptedButAHundredAndOneIsNot()
    {
        var codes = await AdminCalls.MintAsync(_app.CreateChannel(), _app.AdminToken, 2);
        var ok = await _registration.RegisterAsync(new RegisterRequest { FirstName = new string('é', 100), LastName = "X", Code = codes[0] });
        Assert.Equal(100, ok.Attendant.FirstName.Length);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _registration.RegisterAsync(new RegisterRequest { FirstName = new string('é', 101), LastName = "X", Code = codes[1] }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Theory]
    [InlineData("Ada\u0000")]
    [InlineData("Ada\nLovelace")]
    [InlineData("Ada\u001b[31m")]
    [InlineData("Ada\u202Eecalevol")]
    public async Task ControlCharactersInANameAreRejectedWithAClearMessage(string name)
    {
        var (status, message) = await PostLegacyAsync(name, "Lovelace", "123");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The first name must not contain control characters.", message);
    }

    [Fact]
    public async Task NamesAreTrimmedAndNormalizedToNfc()
    {
        var code = (await AdminCalls.MintAsync(_app.CreateChannel(), _app.AdminToken, 1))[0];
        var response = await _registration.RegisterAsync(new RegisterRequest { FirstName = "  Jose\u0301 ", LastName = " Núñez\t", Code = $" {code} " });
        Assert.Equal("Jos\u00e9", response.Attendant.FirstName);
        Assert.Equal("Núñez", response.Attendant.LastName);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"firstName\":")]
    [InlineData("\"just a string\"")]
    public async Task InvalidJsonInDataIsA400WithAMessage(string data)
    {
        using var content = new StringContent("data=" + Uri.EscapeDataString(data), Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.PostAsync("/register", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("The data field must be JSON", JsonSerializer.Deserialize<string>(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task DeeplyNestedJsonIsA400()
    {
        var nested = new string('[', 5000) + new string(']', 5000);
        using var content = new StringContent("data=" + Uri.EscapeDataString(nested), Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.PostAsync("/register", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ANonNumericCodeIsNotAValidCodeOverGrpc()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = "12ab" }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("The code 12ab is not a valid code.", error.Status.Detail);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("99999999999999999999999")]
    [InlineData("0")]
    public async Task NegativeZeroAndOverflowingCodesAreNotValidCodes(string code)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task AnAbsurdlyLongCodeIsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = new string('1', 5000) }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("The code is too long.", error.Status.Detail);
    }

    [Fact]
    public async Task ABodyOver64KibIsRejectedWith413()
    {
        using var content = new StringContent("data=" + new string('x', 70 * 1024), Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.PostAsync("/register", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AJsonBodyInsteadOfAFormIs415()
    {
        using var content = new StringContent("{\"firstName\":\"Ada\"}", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/register", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0, 0, 0, 0, 100, 1, 2, 3 })]
    [InlineData(new byte[] { 7 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 2, 0x0A, 0x00 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 2, 0x0A, 0x05 })]
    public async Task AMalformedGrpcFrameIsInvalidArgumentNotA500(byte[] frame)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rollcall.v1.Registration/Register")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var response = await _client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var values) ? values.Single()
            : response.Headers.GetValues("grpc-status").Single();
        Assert.Equal("3", status);
    }

    [Fact]
    public async Task TheServerStillServesAfterAllOfThat()
    {
        await ABodyOver64KibIsRejectedWith413();
        await AMalformedGrpcFrameIsInvalidArgumentNotA500([0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]);
        using var response = await _client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(HttpStatusCode, string?)> PostLegacyAsync(string first, string last, string code)
    {
        var json = JsonSerializer.Serialize(new { firstName = first, lastName = last, code });
        using var content = new StringContent("data=" + Uri.EscapeDataString(json), Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.PostAsync("/register", content);
        return (response.StatusCode, JsonSerializer.Deserialize<string>(await response.Content.ReadAsStringAsync()));
    }
}
