using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace RollCall.Testing;

/// <summary>
/// The server as a real operating-system process (<c>dotnet RollCall.Server.dll</c>) on loopback
/// ports of the system's choosing (port 0), for what only a process can show: SIGKILL, SIGTERM,
/// several replicas. The addresses come from the line the server logs once it listens.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<(Uri Web, Uri Grpc)> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
    }

    public Uri WebAddress { get; private set; } = null!;

    public Uri GrpcAddress { get; private set; } = null!;

    public string DataDirectory { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string AdminToken => File.ReadAllText(Path.Combine(DataDirectory, "admin-token")).Trim();

    /// <summary>
    /// Starts a server on <paramref name="dataDirectory"/> and waits until it listens; on the
    /// given ports (a restart on the same address), else on ports the system picks.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, IEnumerable<string>? extraArguments = null, IDictionary<string, string>? environment = null, int? webPort = null, int? grpcPort = null)
    {
        var server = Launch(dataDirectory, extraArguments, environment, webPort, grpcPort);
        try
        {
            await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// Runs a server that is expected to stop by itself (a setting it refuses), bounded by
    /// <paramref name="timeout"/>; returns its exit code and everything it wrote. Unlike a failed
    /// start inside the test host, the process's own error reaches its output every time.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(string dataDirectory, IEnumerable<string> extraArguments, TimeSpan timeout)
    {
        await using var server = Launch(dataDirectory, extraArguments, null, null, null);
        using var cancellation = new CancellationTokenSource(timeout);
        await server._process.WaitForExitAsync(cancellation.Token);
        return (server._process.ExitCode, server.Output);
    }

    private static ServerProcess Launch(string dataDirectory, IEnumerable<string>? extraArguments, IDictionary<string, string>? environment, int? webPort, int? grpcPort)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.ServerAssembly);
        foreach (var argument in new[] { "--data-dir", dataDirectory, "--web-url", $"http://127.0.0.1:{webPort ?? 0}", "--grpc-url", $"http://127.0.0.1:{grpcPort ?? 0}" }.Concat(extraArguments ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process, dataDirectory);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Reads the line the server logs once Kestrel has bound its endpoints,
    /// <c>Web page on http://127.0.0.1:41234; gRPC on http://127.0.0.1:41235</c>.
    /// </summary>
    public static bool TryReadListening(string line, out Uri web, out Uri grpc)
    {
        var match = ListeningLine().Match(line);
        web = match.Success ? new Uri(match.Groups["web"].Value) : null!;
        grpc = match.Success ? new Uri(match.Groups["grpc"].Value) : null!;
        return match.Success;
    }

    /// <summary>Sends SIGKILL: the process dies at once, as in a crash or power cut.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM and waits (bounded) for a clean exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (SendSignal(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException("kill(SIGTERM) failed with errno " + Marshal.GetLastPInvokeError());
        }

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

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        // WaitForExitAsync also waits for the end of the output, so an early exit is reported with all of it.
        var exited = _process.WaitForExitAsync();
        try
        {
            if (await Task.WhenAny(_listening.Task, exited).WaitAsync(timeout) == exited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The server did not say where it listens within {timeout}:\n{Output}");
        }

        (WebAddress, GrpcAddress) = await _listening.Task;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (TryReadListening(line, out var web, out var grpc))
        {
            _listening.TrySetResult((web, grpc));
        }
    }

    [GeneratedRegex(@"Web page on (?<web>\S+); gRPC on (?<grpc>\S+)$")]
    private static partial Regex ListeningLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
