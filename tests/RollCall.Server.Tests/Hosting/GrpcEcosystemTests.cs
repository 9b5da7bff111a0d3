using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Hosting;

/// <summary>Standard gRPC health checking, server reflection and Prometheus metrics.</summary>
[Collection(MetricsCollection.Name)]
public sealed class GrpcEcosystemTests
{
    [Fact]
    public async Task TheHealthServiceReportsServingAndFlipsToNotServingWhenTheDatabaseIsGone()
    {
        await using var app = new RollCallApplication();
        var health = new Health.HealthClient(app.CreateChannel());
        var database = Path.Combine(app.DataDirectory.Path, "rollcall.db");

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "rollcall.v1.Registration" })).Status);

        File.Move(database, database + ".moved");
        try
        {
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "services.RegisterService" })).Status);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.CreateClient().GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            File.Move(database + ".moved", database);
        }

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public async Task AnUnknownServiceNameIsNotFoundByTheHealthService()
    {
        await using var app = new RollCallApplication();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Health.HealthClient(app.CreateChannel()).CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task ReflectionListsThe2016AndTheV1Services()
    {
        await using var app = new RollCallApplication();
        var reflection = new ServerReflection.ServerReflectionClient(app.CreateChannel());

        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "rollcall.v1.Registration" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var descriptors = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto;
        await call.RequestStream.CompleteAsync();

        Assert.Contains("services.RegisterService", services);
        Assert.Contains("rollcall.v1.Registration", services);
        Assert.Contains("rollcall.v1.Admin", services);
        Assert.Contains("grpc.health.v1.Health", services);
        var files = descriptors.Select(d => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(d)).ToList();
        Assert.Contains(files, f => f.Service.Any(s => s.Name == "Registration" && s.Method.Any(m => m.Name == "WatchStatus")));
    }

    [Fact]
    public async Task MetricsAreOffByDefault()
    {
        await using var app = new RollCallApplication();
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task MetricsExposeTheCustomCountersAndTheyMoveWithRegistrations()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:Telemetry:Prometheus"] = "true" });
        var channel = app.CreateChannel();
        var http = app.CreateClient();
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 3);
        var registration = new Registration.RegistrationClient(channel);
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[0] });
        await Assert.ThrowsAsync<RpcException>(async () => await registration.RegisterAsync(new RegisterRequest { FirstName = "A", LastName = "B", Code = codes[0] }));
        await Assert.ThrowsAsync<RpcException>(async () => await registration.RegisterAsync(new RegisterRequest { FirstName = "A", LastName = "B", Code = "42" }));

        var before = await ScrapeAsync(http);
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = codes[1] });
        var after = await ScrapeAsync(http);

        Assert.Equal(3, Value(before, "rollcall_codes_issued_total"));
        Assert.Equal(1, Value(before, "rollcall_registrations_total"));
        Assert.Equal(2, Value(after, "rollcall_registrations_total"));
        Assert.Equal(1, Value(after, "rollcall_redemptions_failed_total", "reason=\"used\""));
        Assert.Equal(1, Value(after, "rollcall_redemptions_failed_total", "reason=\"unknown\""));
        Assert.Equal(2, Value(after, "rollcall_attendees"));
        Assert.Equal(2, Value(after, "rollcall_status_version"));
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static double Value(string scrape, string metric, string? label = null)
    {
        var line = scrape.Split('\n').FirstOrDefault(l =>
            l.StartsWith(metric, StringComparison.Ordinal) && (l.Length > metric.Length && l[metric.Length] is ' ' or '{')
            && (label is null || l.Contains(label, StringComparison.Ordinal)));
        Assert.True(line is not null, $"{metric} {label} not in:\n{scrape}");
        return double.Parse(line!.Split(' ')[^1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Metrics listeners see every meter of the same name in the process, so tests that read counters
/// run alone, not beside other tests' servers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
