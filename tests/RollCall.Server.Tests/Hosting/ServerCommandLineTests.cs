using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using RollCall.Server.Hosting;
using RollCall.Testing;
using LegacyClient = RollCall.Legacy.RegisterService.RegisterServiceClient;

namespace RollCall.Server.Tests.Hosting;

/// <summary>The server's one command line: flags, ASP.NET Core settings, help, mistakes, and their precedence.</summary>
public sealed class ServerCommandLineTests
{
    [Theory]
    [InlineData("--allow-anonymous-codes", "true")]
    [InlineData("--allow-anonymous-codes=true", "true")]
    [InlineData("--allow-anonymous-codes true", "true")]
    [InlineData("--allow-anonymous-codes=false", "false")]
    [InlineData("--allow-anonymous-codes false", "false")]
    public void ASwitchAloneMeansTrueAndTakesAnExplicitValueWithOrWithoutTheEqualsSign(string arguments, string expected)
    {
        var commandLine = ServerCommandLine.Parse([.. arguments.Split(' '), "--web-url", "http://127.0.0.1:1"]);

        Assert.True(commandLine.StartsServer);
        Assert.Equal(
            [new("RollCall:WebUrl", "http://127.0.0.1:1"), new("RollCall:AllowAnonymousCodes", expected)],
            commandLine.Entries.OrderByDescending(e => e.Key));
    }

    [Fact]
    public void EveryFlagBecomesItsConfigurationKeyAndOnlyTheFlagsGivenDo()
    {
        var commandLine = ServerCommandLine.Parse(["--public-names=false", "--code-digits", "12", "--db", "Host=db;Database=rollcall", "--data-dir=/srv/rollcall"]);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["RollCall:PublicNames"] = "false",
                ["RollCall:CodeDigits"] = "12",
                ["Storage:ConnectionString"] = "Host=db;Database=rollcall",
                ["RollCall:DataDir"] = "/srv/rollcall",
            },
            commandLine.Entries.ToDictionary());
        Assert.Empty(ServerCommandLine.Parse([]).Entries);
    }

    [Fact]
    public void AspNetCoreSettingsPassThroughToConfigurationAndToTheHost()
    {
        var commandLine = ServerCommandLine.Parse(["--Logging:LogLevel:Default=Debug", "--Kestrel:Limits:MaxRequestLineSize", "9000", "--environment=Staging", "--metrics"]);

        Assert.True(commandLine.StartsServer);
        Assert.Equal("Debug", commandLine.Entries.ToDictionary()["Logging:LogLevel:Default"]);
        Assert.Equal("9000", commandLine.Entries.ToDictionary()["Kestrel:Limits:MaxRequestLineSize"]);
        Assert.Equal("true", commandLine.Entries.ToDictionary()["RollCall:Telemetry:Prometheus"]);
        Assert.Equal(["--Logging:LogLevel:Default=Debug", "--Kestrel:Limits:MaxRequestLineSize=9000", "--environment=Staging"], commandLine.HostArguments);
    }

    [Fact]
    public void FlagsWinOverEverySourceBeforeThem()
    {
        var appsettings = new Dictionary<string, string?> { ["RollCall:PublicNames"] = "true", ["RollCall:WebUrl"] = "http://localhost:8080" };
        var configuration = ServerCommandLine.AddRollCallSettings(
            new ConfigurationBuilder().AddInMemoryCollection(appsettings),
            ServerCommandLine.Parse(["--public-names", "false"]).Entries).Build();

        Assert.Equal("false", configuration["RollCall:PublicNames"]);
        Assert.Equal("http://localhost:8080", configuration["RollCall:WebUrl"]);
    }

    [Theory]
    [InlineData("--web-ulr http://127.0.0.1:1", "Unknown option '--web-ulr'")]
    [InlineData("--publicnames=false", "Unknown option '--publicnames'")]
    [InlineData("serve", "Unrecognized argument 'serve'")]
    [InlineData("--code-digits twelve", "'twelve'")]
    [InlineData("--Logging:LogLevel:Default", "--Logging:LogLevel:Default needs a value")]
    public void AMistakeIsOneClearLineOnStandardErrorAndExitCode1(string arguments, string expected)
    {
        var commandLine = ServerCommandLine.Parse(arguments.Split(' '));
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.False(commandLine.StartsServer);
        Assert.Equal(1, commandLine.Invoke(output, error));
        Assert.Contains(expected, error.ToString());
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void HelpListsEveryFlagWithItsEnvironmentVariableAndTheTools()
    {
        var commandLine = ServerCommandLine.Parse(["--help"]);
        using var output = new StringWriter();

        Assert.False(commandLine.StartsServer);
        Assert.Equal(0, commandLine.Invoke(output, TextWriter.Null));
        var lines = output.ToString().Split('\n');
        Assert.All(ServerCommandLine.Settings, setting =>
            Assert.Contains(lines, line => line.TrimStart().StartsWith(setting.Flag + " ", StringComparison.Ordinal) && line.Contains($"[env: {setting.Variable}]", StringComparison.Ordinal)));
        Assert.Contains("--Section:Key=value", output.ToString());
        Assert.Contains(lines, line => line.TrimStart().StartsWith("backup ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.TrimStart().StartsWith("restore ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AVariableBeatsTheDefaultAFlagBeatsTheVariableAndAspNetSettingsReachTheServer()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(
            data.Path,
            ["--allow-anonymous-codes=false", "--Logging:LogLevel:Microsoft.Extensions.Hosting", "Debug"],
            new Dictionary<string, string> { ["ROLLCALL_PUBLIC_NAMES"] = "false", ["ROLLCALL_ALLOW_ANONYMOUS_CODES"] = "true" });
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        using var http = new HttpClient { BaseAddress = server.WebAddress };

        var names = await http.GetAsync("/api/v1/attendants");
        var anonymous = await Assert.ThrowsAsync<RpcException>(async () => await new LegacyClient(channel).GetCodeAsync(new RollCall.Legacy.CodeRequest()));

        Assert.Equal(HttpStatusCode.Unauthorized, names.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Contains("dbug: Microsoft.Extensions.Hosting", server.Output);
    }
}
