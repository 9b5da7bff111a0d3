using System.Diagnostics;
using System.Runtime.InteropServices;
using RollCall.Testing;

namespace RollCall.Cli.Tests.Monitor;

/// <summary><c>dotnet rollcall.dll monitor ...</c> as a real process, for what only a process shows: SIGTERM.</summary>
internal sealed partial class MonitorProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;

    private MonitorProcess(Process process) => _process = process;

    public SharedWriter Output { get; } = new();

    public SharedWriter Error { get; } = new();

    public bool HasExited => _process.HasExited;

    public static MonitorProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.CliAssembly);
        start.ArgumentList.Add("monitor");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment.Remove("ROLLCALL_SERVER");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var monitor = new MonitorProcess(process);
        process.OutputDataReceived += (_, e) => monitor.Output.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => monitor.Error.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return monitor;
    }

    /// <summary>Sends SIGTERM, as systemd stops a service, and waits (bounded) for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        Assert.Equal(0, SendSignal(_process.Id, SigTerm));
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>What the process wrote so far, for failure messages.</summary>
    public override string ToString() => $"stdout:\n{Output}\nstderr:\n{Error}";

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
