using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>One TLS port serves the page and gRPC, HTTP/1.1 and HTTP/2 by ALPN, from PEM files made here.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly TempDirectory _certificates = new();
    private X509Certificate2 _certificate = null!;
    private RollCallApplication _app = null!;

    public Task InitializeAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(_certificates.File("cert.pem"), _certificate.ExportCertificatePem());
        File.WriteAllText(_certificates.File("key.pem"), key.ExportPkcs8PrivateKeyPem());
        _app = new RollCallApplication(new Dictionary<string, string?>
        {
            ["RollCall:Tls:Url"] = "https://127.0.0.1:0",
            ["RollCall:Tls:CertificatePath"] = _certificates.File("cert.pem"),
            ["RollCall:Tls:KeyPath"] = _certificates.File("key.pem"),
        }).StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
        _certificates.Dispose();
    }

    private Uri TlsAddress => _app.TlsAddress!;

    // Trusts exactly the test certificate, nothing else.
    private SocketsHttpHandler TrustingHandler() => new()
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString() },
    };

    [Fact]
    public async Task AGrpcClientRegistersOverTheTlsPort()
    {
        var code = (await AdminCalls.MintAsync(_app.CreateChannel(), _app.AdminToken, 1))[0];
        using var channel = GrpcChannel.ForAddress(TlsAddress, new GrpcChannelOptions { HttpHandler = TrustingHandler() });

        var response = await new Registration.RegistrationClient(channel).RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });

        Assert.Equal(1, response.Attendant.Number);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task ThePageAndTheJsonApiAnswerOverHttp1AndHttp2OnTheSamePort(string version)
    {
        using var http = new HttpClient(TrustingHandler()) { BaseAddress = TlsAddress, DefaultRequestVersion = Version.Parse(version), DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var page = await http.GetAsync("/");
        using var status = await http.GetAsync("/api/v1/status");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(Version.Parse(version), page.Version);
        Assert.Contains("<h1>RollCall</h1>", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(Version.Parse(version), status.Version);
    }

    [Fact]
    public async Task PlainHttpIsRefusedOnTheTlsPort()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var failed = false;
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{TlsAddress.Port}/");
            failed = !response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            failed = true;
        }

        Assert.True(failed, "a cleartext request to the TLS port must not be served");
    }

    [Fact]
    public async Task WithTheCleartextEndpointsTurnedOffOnlyTheTlsPortListens()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?>
        {
            ["RollCall:WebUrl"] = "none",
            ["RollCall:GrpcUrl"] = "none",
            ["RollCall:Tls:Url"] = "https://127.0.0.1:0",
            ["RollCall:Tls:CertificatePath"] = _certificates.File("cert.pem"),
            ["RollCall:Tls:KeyPath"] = _certificates.File("key.pem"),
        }).StartKestrel();
        var port = app.TlsAddress!.Port;

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

        Assert.Equal($"https://127.0.0.1:{port}", Assert.Single(addresses));
        using var http = new HttpClient(TrustingHandler());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"https://127.0.0.1:{port}/healthz")).StatusCode);
    }

    [Fact]
    public async Task AClientThatDoesNotTrustTheCertificateIsRefused()
    {
        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(TlsAddress));
    }
}
