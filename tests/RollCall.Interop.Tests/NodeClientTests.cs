using RollCall.Testing;

namespace RollCall.Interop.Tests;

/// <summary>The Node.js example (@grpc/grpc-js, protos loaded at run time) against a real RollCall server.</summary>
[Collection(PolyglotCollection.Name)]
public sealed class NodeClientTests(PolyglotClients clients) : IAsyncLifetime
{
    private RollCallApplication _app = null!;
    private string _server = null!;

    public Task InitializeAsync()
    {
        _ = clients;
        _app = new RollCallApplication().StartKestrel();
        _server = $"127.0.0.1:{_app.GrpcAddress!.Port}";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheNodeClientMintsRegistersAndReadsTheStatusWithBothApis()
    {
        var codes = Lines(await RunAsync("mint", "--count", "2", "--token", _app.AdminToken));
        var legacyCode = Lines(await RunAsync("mint", "--legacy", "--token", _app.AdminToken));

        Assert.Equal("Successfully registered! #1", (await RunAsync("register", "Ada", "Lovelace", codes[0])).Trim());
        Assert.Equal("Successfully registered! #2", (await RunAsync("register", "Grace", "Hopper", legacyCode[0])).Trim());
        Assert.Equal(["Attendants: 2", "1. Ada Lovelace", "2. Grace Hopper"], Lines(await RunAsync("status")));
        Assert.Equal(["Attendants: 2", "1. Ada Lovelace", "2. Grace Hopper"], Lines(await RunAsync("status", "--legacy")));
    }

    [Fact]
    public async Task TheNodeClientReportsTheSeedMessageForAUsedCode()
    {
        var code = Lines(await RunAsync("mint", "--token", _app.AdminToken))[0];
        await RunAsync("register", "Ada", "Lovelace", code);

        var (exit, _, error) = await ExternalProcess.RunAsync(
            "node", [Path.Combine(PolyglotClients.NodeExamples, "rollcall.js"), "register", "Grace", "Hopper", code, "--server", _server], PolyglotClients.NodeExamples);

        Assert.Equal(1, exit);
        Assert.Equal($"ALREADY_EXISTS: The code {code} has already been used.", error.Trim());
    }

    [Fact]
    public async Task TheNodeClientWatchesARegistrationLive()
    {
        var code = Lines(await RunAsync("mint", "--token", _app.AdminToken))[0];
        await using var watch = ExternalProcess.Start(
            "node", [Path.Combine(PolyglotClients.NodeExamples, "rollcall.js"), "watch", "--events", "2", "--server", _server], PolyglotClients.NodeExamples);
        await Eventually.TrueAsync(() => watch.Output.Contains("Attendants: 0", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        await RunAsync("register", "Linus", "Torvalds", code);

        Assert.Equal(0, await watch.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Welcome Linus!", watch.Output);
        Assert.Contains("Attendants: 1 :-) (version 1)", watch.Output);
    }

    private async Task<string> RunAsync(string command, params string[] arguments)
    {
        var (exit, output, error) = await ExternalProcess.RunAsync(
            "node", [Path.Combine(PolyglotClients.NodeExamples, "rollcall.js"), command, .. arguments, "--server", _server], PolyglotClients.NodeExamples);
        Assert.True(exit == 0, $"rollcall.js {command} exited {exit}:\n{error}");
        return output;
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
