using RollCall.Testing;

namespace RollCall.Interop.Tests;

/// <summary>The Python examples (Debian's python3-grpcio) against a real RollCall server.</summary>
[Collection(PolyglotCollection.Name)]
public sealed class PythonClientTests(PolyglotClients clients) : IAsyncLifetime
{
    private RollCallApplication _app = null!;
    private string _server = null!;

    public Task InitializeAsync()
    {
        _app = new RollCallApplication().StartKestrel();
        _server = $"127.0.0.1:{_app.GrpcAddress!.Port}";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ThePythonMinterMintsCodesWithTheV1AndThe2016Calls()
    {
        var v1 = await RunAsync("code_minter.py", "--count", "3", "--token", _app.AdminToken);
        var legacy = await RunAsync("code_minter.py", "--legacy", "--token", _app.AdminToken);

        Assert.Equal(3, Lines(v1).Distinct().Count());
        Assert.Matches("^[0-9]+$", Assert.Single(Lines(legacy)));
    }

    [Fact]
    public async Task ThePythonMinterFailsCleanlyWithoutAToken()
    {
        var (exit, _, error) = await ExternalProcess.RunAsync(
            PolyglotClients.Python, [Path.Combine(PolyglotClients.PythonExamples, "code_minter.py"), "--server", _server, "--token-file", "/nonexistent"],
            PolyglotClients.PythonExamples, clients.PythonEnvironment);

        Assert.Equal(1, exit);
        Assert.StartsWith("UNAUTHENTICATED:", error.Trim());
    }

    [Fact]
    public async Task ThePythonClientRegistersAndReadsTheStatusBothWays()
    {
        var code = Lines(await RunAsync("code_minter.py", "--token", _app.AdminToken))[0];

        var registered = await RunAsync("register.py", "--first", "Ada", "--last", "Lovelace", "--code", code);
        var legacyStatus = await RunAsync("status_monitor.py", "--legacy", "--events", "1");

        Assert.Equal("Successfully registered! #1", registered.Trim());
        Assert.Equal("Attendants: 1 :-)", legacyStatus.Trim());
    }

    [Fact]
    public async Task ThePythonMonitorWatchesARegistrationLive()
    {
        var code = Lines(await RunAsync("code_minter.py", "--token", _app.AdminToken))[0];
        await using var monitor = ExternalProcess.Start(
            PolyglotClients.Python, [Path.Combine(PolyglotClients.PythonExamples, "status_monitor.py"), "--server", _server, "--events", "2"],
            PolyglotClients.PythonExamples, clients.PythonEnvironment);
        await Eventually.TrueAsync(() => monitor.Output.Contains("Attendants: 0", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        await RunAsync("register.py", "--first", "Grace", "--last", "Hopper", "--code", code);

        Assert.Equal(0, await monitor.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Welcome Grace!", monitor.Output);
        Assert.Contains("Attendants: 1 :-) (version 1)", monitor.Output);
    }

    [Fact]
    public async Task ThePython2016ClientsFollowTheCurrentEventWhileTheOrganizerSwitchesBetweenTwoEvents()
    {
        using var channel = _app.CreateChannel();
        var events = new RollCall.V1.Events.EventsClient(channel);
        foreach (var slug in new[] { "october", "november" })
        {
            await events.CreateEventAsync(new RollCall.V1.CreateEventRequest { Event = new RollCall.V1.Event { Slug = slug, Title = slug } }, _app.AdminHeaders);
        }

        var octoberCode = Lines(await RunAsync("code_minter.py", "--legacy", "--token", _app.AdminToken))[0];
        await events.SetCurrentEventAsync(new RollCall.V1.SetCurrentEventRequest { Event = "november" }, _app.AdminHeaders);
        var novemberCode = Lines(await RunAsync("code_minter.py", "--legacy", "--token", _app.AdminToken))[0];
        var secondNovemberCode = Lines(await RunAsync("code_minter.py", "--legacy", "--token", _app.AdminToken))[0];
        await RunAsync("register.py", "--first", "Ada", "--last", "Lovelace", "--code", octoberCode);
        using var http = new HttpClient { BaseAddress = _app.WebAddress };
        var data = "data=" + Uri.EscapeDataString($"{{\"firstName\":\"Grace\",\"lastName\":\"Hopper\",\"code\":\"{novemberCode}\"}}");
        using var form = await http.PostAsync("/register", new StringContent(data, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await RunAsync("register.py", "--first", "Alan", "--last", "Turing", "--code", secondNovemberCode);

        var november = await RunAsync("status_monitor.py", "--legacy", "--events", "1");
        await events.SetCurrentEventAsync(new RollCall.V1.SetCurrentEventRequest { Event = "october" }, _app.AdminHeaders);
        var october = await RunAsync("status_monitor.py", "--legacy", "--events", "1");
        var codes = new RollCall.V1.Admin.AdminClient(channel);
        var octoberCodes = await codes.ListCodesAsync(new RollCall.V1.ListCodesRequest { Event = "october" }, _app.AdminHeaders);
        var novemberCodes = await codes.ListCodesAsync(new RollCall.V1.ListCodesRequest { Event = "november" }, _app.AdminHeaders);

        Assert.Equal((System.Net.HttpStatusCode.OK, string.Empty), (form.StatusCode, await form.Content.ReadAsStringAsync()));
        Assert.Equal("Attendants: 2 :-)", november.Trim());
        Assert.Equal("Attendants: 1 :-)", october.Trim());
        Assert.Equal([octoberCode], octoberCodes.Codes.Select(c => c.Code));
        Assert.Equal(new[] { novemberCode, secondNovemberCode }.Order(StringComparer.Ordinal), novemberCodes.Codes.Select(c => c.Code).Order(StringComparer.Ordinal));
    }

    private async Task<string> RunAsync(string script, params string[] arguments)
    {
        var (exit, output, error) = await ExternalProcess.RunAsync(
            PolyglotClients.Python, [Path.Combine(PolyglotClients.PythonExamples, script), "--server", _server, .. arguments],
            PolyglotClients.PythonExamples, clients.PythonEnvironment);
        Assert.True(exit == 0, $"{script} exited {exit}:\n{error}");
        return output;
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
