using System.CommandLine;

namespace RollCall.Cli.Tests.Monitor;

/// <summary><c>rollcall monitor</c> run in-process on the real command tree, stopped through its CancellationToken.</summary>
internal sealed class InProcessMonitor : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _run;

    private InProcessMonitor(IReadOnlyList<string> arguments)
    {
        var configuration = new InvocationConfiguration
        {
            Output = Output,
            Error = Error,

            // The test host's own signals are not the monitor's to handle.
            ProcessTerminationTimeout = null,
        };
        _run = Task.Run(() => RollCallCli.BuildRootCommand().Parse(arguments).InvokeAsync(configuration, _stop.Token));
    }

    public SharedWriter Output { get; } = new();

    public SharedWriter Error { get; } = new();

    public bool HasExited => _run.IsCompleted;

    public static InProcessMonitor Start(params string[] arguments) => new(["monitor", .. arguments]);

    /// <summary>Waits for the monitor to end by itself (bounded); returns its exit code.</summary>
    public Task<int> ExitAsync(TimeSpan timeout) => _run.WaitAsync(timeout);

    /// <summary>Cancels the token, as SIGINT or SIGTERM would, and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _stop.Dispose();
    }
}
