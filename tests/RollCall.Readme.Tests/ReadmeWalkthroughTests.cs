using System.Diagnostics;
using System.Net;
using RollCall.Testing;

namespace RollCall.Readme.Tests;

/// <summary>
/// The README's five-minute walk-through, run as written in a fresh clone of this repository (what
/// is committed is what a reader gets): the first <c>sh</c> block in one terminal, in the
/// background, as the server; the others in a second terminal, in order, each checked against the
/// output the README shows under it; and the browser's part, where the README puts it, over HTTP
/// as a browser without JavaScript does it. Two <c>dotnet run</c> builds from scratch make it take
/// minutes.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task TheWalkthroughWorksAsWrittenInAFreshClone()
    {
        using var cancel = new CancellationTokenSource(_patience);
        using var temp = new TempDirectory("rollcall-readme");
        var clone = temp.File("rollcall");
        // A checkout owned by another user (a CI container) is still ours to clone.
        await GitAsync(temp.Path, cancel.Token, "-c", $"safe.directory={RepositoryPaths.Root}", "clone", "--quiet", "--local", "--no-hardlinks", RepositoryPaths.Root, clone);
        var steps = Walkthrough.Read(await File.ReadAllTextAsync(Path.Combine(clone, "README.md"), cancel.Token));
        var server = Assert.IsType<ShellBlock>(steps[0]);
        Assert.Contains(steps, s => s is BrowserStep);

        // The reader's own machine has nothing on 8080 and 50001; a test machine may, so the server
        // takes ports of the system's choosing and says which; the CLI is told where gRPC is.
        var environment = FreshShellEnvironment();
        environment["ROLLCALL_WEB_URL"] = "http://127.0.0.1:0";
        environment["ROLLCALL_GRPC_URL"] = "http://127.0.0.1:0";
        var listening = new TaskCompletionSource<(Uri Web, Uri Grpc)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var first = Terminal.Open(clone, environment, temp.File("first"), line =>
        {
            if (ServerProcess.TryReadListening(line, out var web, out var grpc))
            {
                listening.TrySetResult((web, grpc));
            }
        });
        first.Start(server.Script);
        var (webAddress, grpcAddress) = await WaitAsync(listening.Task, first, cancel.Token);

        environment["ROLLCALL_SERVER"] = grpcAddress.ToString().TrimEnd('/');
        await using var second = Terminal.Open(clone, environment, temp.File("second"));
        var printed = new List<string>();
        foreach (var step in steps.Skip(1))
        {
            if (step is BrowserStep)
            {
                await RegisterOnThePageAsync(webAddress, printed.Last(IsCode), cancel.Token);
                continue;
            }

            var block = (ShellBlock)step;
            var result = await second.RunAsync(block.Script, cancel.Token);
            Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode} from\n{block.Script}\n{second.Transcript}\n--- server ---\n{first.Transcript}");
            AssertShows(block, result, clone);
            printed.AddRange(result.Output);
        }

        // Server and CLI found the same data folder, the clone's ./data, and git ignores it.
        Assert.True(File.Exists(Path.Combine(clone, "data", "admin-token")), first.Transcript);
        Assert.False(Directory.Exists(Path.Combine(clone, "src", "RollCall.Server", "data")));
        Assert.DoesNotContain("data/", await GitAsync(clone, cancel.Token, "status", "--porcelain", "--untracked-files=all"));
    }

    // Step 3 of the README: open the page with the code filled in, type a name, press Register;
    // then the same code again. Without JavaScript the form posts and the page comes back with the message.
    private static async Task RegisterOnThePageAsync(Uri web, string code, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = web };
        using var page = await http.GetAsync($"/?code={code}", cancellationToken);
        var html = await page.Content.ReadAsStringAsync(cancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form id=\"register-form\" method=\"post\" action=\"/register\"", html);
        Assert.Contains($"name=\"code\" autocomplete=\"one-time-code\" inputmode=\"numeric\" pattern=\"[0-9]*\" maxlength=\"32\" required value=\"{code}\"", html);

        Assert.Contains("Successfully registered!", await SubmitAsync(http, code, "Ada", "Lovelace", cancellationToken));
        Assert.Contains($"The code {code} has already been used.", await SubmitAsync(http, code, "Grace", "Hopper", cancellationToken));
    }

    private static async Task<string> SubmitAsync(HttpClient http, string code, string first, string last, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["firstName"] = first, ["lastName"] = last, ["code"] = code });
        using var response = await http.PostAsync("/register", form, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    // Every line the README shows under the commands, in order, among what they printed.
    private static void AssertShows(ShellBlock block, BlockResult result, string clone)
    {
        var printed = result.Output.Select(l => l.Trim()).ToList();
        var at = 0;
        foreach (var shown in block.Shown)
        {
            var pattern = Walkthrough.Pattern(shown, clone);
            var found = printed.FindIndex(at, pattern.IsMatch);
            Assert.True(found >= 0, $"The README shows \"{shown}\" for\n{block.Script}but the commands printed:\n{string.Join('\n', result.Output)}\n--- stderr ---\n{result.Error}");
            at = found + 1;
        }
    }

    private static bool IsCode(string line) => line.Length > 0 && line.All(char.IsAsciiDigit);

    private static async Task<T> WaitAsync<T>(Task<T> task, Terminal terminal, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server did not say where it listens:\n{terminal.Transcript}");
        }
    }

    /// <summary>
    /// The environment of a new shell on this machine: without what the test runner sets for its
    /// own builds and hosts, without RollCall settings, and without build servers that would outlive the test.
    /// </summary>
    private static Dictionary<string, string> FreshShellEnvironment()
    {
        string[] runnerPrefixes = ["MSBUILD", "VSTEST", "TESTINGPLATFORM", "DOTNET_HOST_PATH", "ROLLCALL_", "ASPNETCORE_", "DOTNET_ENVIRONMENT"];
        var environment = new Dictionary<string, string>();
        foreach (var (key, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => ((string)e.Key, (string?)e.Value)))
        {
            if (value is not null && !runnerPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                environment[key] = value;
            }
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["UseSharedCompilation"] = "false";
        environment["DOTNET_gcServer"] = "0";
        return environment;
    }

    private static async Task<string> GitAsync(string folder, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var output = git.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = git.StandardError.ReadToEndAsync(cancellationToken);
        await git.WaitForExitAsync(cancellationToken);
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {await error}");
        return await output;
    }
}
