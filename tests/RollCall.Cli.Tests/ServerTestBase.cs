using RollCall.Testing;

namespace RollCall.Cli.Tests;

/// <summary>A real RollCall server on loopback for each test, and the CLI run against it.</summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    /// <summary>The server of the current test.</summary>
    protected RollCallApplication App { get; private set; } = null!;

    /// <summary>The server's gRPC address without a trailing slash, as <c>--server</c> takes it.</summary>
    protected string Server { get; private set; } = null!;

    public Task InitializeAsync()
    {
        App = new RollCallApplication().StartKestrel();
        Server = App.GrpcAddress!.ToString().TrimEnd('/');
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Runs the CLI with <paramref name="arguments"/> against this test's server.</summary>
    protected Task<(int Exit, string Out, string Err)> RunAsync(string arguments) => CliRunner.RunAsync($"{arguments} --server {Server}");
}
