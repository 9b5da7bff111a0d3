using System.Diagnostics;
using System.Globalization;

namespace RollCall.Readme.Tests;

/// <summary>What a block printed, and the exit status of its last command.</summary>
internal sealed record BlockResult(int ExitCode, IReadOnlyList<string> Output, string Error);

/// <summary>
/// A terminal of the walk-through: one bash, started with the environment of a fresh shell in the
/// clone, that keeps its aliases and variables from block to block. Each block is written to a
/// file and sourced with standard input from /dev/null, so the commands' own processes never read
/// what this class sends the shell. Dispose ends bash and everything it started.
/// </summary>
internal sealed class Terminal : IAsyncDisposable
{
    private const string Marker = "::walkthrough-block-done::";

    private readonly Process _bash;
    private readonly string _blocks;
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];
    private readonly Action<string>? _watch;
    private TaskCompletionSource<int>? _done;
    private int _count;

    private Terminal(Process bash, string blocks, Action<string>? watch)
    {
        _bash = bash;
        _blocks = blocks;
        _watch = watch;
    }

    /// <summary>Everything the terminal printed so far, standard output and error.</summary>
    public string Transcript
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output) + "\n--- stderr ---\n" + string.Join('\n', _error);
            }
        }
    }

    /// <summary>Opens a terminal in <paramref name="folder"/>; <paramref name="watch"/> sees every line it prints.</summary>
    public static Terminal Open(string folder, IReadOnlyDictionary<string, string> environment, string blocks, Action<string>? watch = null)
    {
        Directory.CreateDirectory(blocks);
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--noprofile");
        start.ArgumentList.Add("--norc");
        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var bash = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var terminal = new Terminal(bash, blocks, watch);
        bash.OutputDataReceived += (_, e) => terminal.Received(e.Data, error: false);
        bash.ErrorDataReceived += (_, e) => terminal.Received(e.Data, error: true);
        bash.BeginOutputReadLine();
        bash.BeginErrorReadLine();
        // As in an interactive shell, an alias defined in one line applies to the lines after it.
        bash.StandardInput.Write("shopt -s expand_aliases\nset -o pipefail\n");
        return terminal;
    }

    /// <summary>Runs a block and waits until its last command finished; a block that runs on (a server) is <see cref="Start"/>ed instead.</summary>
    public async Task<BlockResult> RunAsync(string script, CancellationToken cancellationToken)
    {
        var done = Send(script, out var outputFrom, out var errorFrom);
        var exited = _bash.WaitForExitAsync(cancellationToken);
        try
        {
            if (await Task.WhenAny(done, exited).WaitAsync(cancellationToken) != done)
            {
                throw new InvalidOperationException($"The shell ended in the middle of:\n{script}\n{Transcript}");
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Still running when the test ran out of time:\n{script}\n{Transcript}");
        }

        var exitCode = await done;
        lock (_output)
        {
            return new BlockResult(exitCode, [.. _output.Skip(outputFrom)], string.Join('\n', _error.Skip(errorFrom)));
        }
    }

    /// <summary>Starts a block that runs until the terminal closes, as the server in the first terminal.</summary>
    public void Start(string script) => _ = Send(script, out _, out _);

    public async ValueTask DisposeAsync()
    {
        if (!_bash.HasExited)
        {
            _bash.Kill(entireProcessTree: true);
            await _bash.WaitForExitAsync();
        }

        _bash.Dispose();
    }

    private Task<int> Send(string script, out int outputFrom, out int errorFrom)
    {
        var file = Path.Combine(_blocks, $"block-{++_count}.sh");
        File.WriteAllText(file, script);
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            _done = done;
            (outputFrom, errorFrom) = (_output.Count, _error.Count);
        }

        _bash.StandardInput.Write($"source '{file}' < /dev/null; printf '\\n{Marker} %d\\n' $?\n");
        _bash.StandardInput.Flush();
        return done.Task;
    }

    private void Received(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (!error && line.StartsWith(Marker + " ", StringComparison.Ordinal))
            {
                // The marker's own leading newline ends a last line without one.
                if (_output.Count > 0 && _output[^1].Length == 0)
                {
                    _output.RemoveAt(_output.Count - 1);
                }

                _done?.TrySetResult(int.Parse(line[(Marker.Length + 1)..], CultureInfo.InvariantCulture));
                return;
            }

            (error ? _error : _output).Add(line);
        }

        _watch?.Invoke(line);
    }
}
