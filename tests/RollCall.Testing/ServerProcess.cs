using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace RollCall.Testing;

/// <summary>
/// The server as a real operating-system process (<c>dotnet RollCall.Server.dll</c>) on free loopback
/// ports, for what only a process can show: SIGKILL, SIGTERM, several replicas.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri web, Uri grpc, string dataDirectory)
    {
        _process = process;
        WebAddress = web;
        GrpcAddress = grpc;
        DataDirectory = dataDirectory;
    }

    public Uri WebAddress { get; }

    public Uri GrpcAddress { get; }

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

    /// <summary>Starts a server on <paramref name="dataDirectory"/> and waits until it answers.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, IEnumerable<string>? extraArguments = null, IDictionary<string, string>? environment = null, int? webPort = null, int? grpcPort = null)
    {
        var web = new Uri($"http://127.0.0.1:{webPort ?? FreePort.Next()}");
        var grpc = new Uri($"http://127.0.0.1:{grpcPort ?? FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.ServerAssembly);
        foreach (var argument in new[] { "--data-dir", dataDirectory, "--web-url", web.ToString().TrimEnd('/'), "--grpc-url", grpc.ToString().TrimEnd('/') }.Concat(extraArguments ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process, web, grpc, dataDirectory);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return server;
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

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(WebAddress, "/livez"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server did not answer within {timeout}:\n{Output}");
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
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
