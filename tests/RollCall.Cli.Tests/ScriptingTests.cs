using System.Diagnostics;
using System.Text.Json;
using RollCall.Testing;

namespace RollCall.Cli.Tests;

/// <summary>What scripts and shells need: JSON everywhere, export, progress on stderr only, completion, packaging.</summary>
public sealed class ScriptingTests : ServerTestBase
{
    [Fact]
    public async Task RegisterCanAnswerInJson()
    {
        var code = (await AdminCalls.MintAsync(App.CreateChannel(), App.AdminToken, 1))[0];

        var (exit, output, _) = await RunAsync($"register --first Ada --last Lovelace --code {code} -o json");

        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1, json.GetProperty("number").GetInt64());
        Assert.Equal("Successfully registered!", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ExportWritesEveryAttendeeAsCsvWithFormulaInjectionDefused()
    {
        var codes = await AdminCalls.MintAsync(App.CreateChannel(), App.AdminToken, 2, "speakers");
        await RunAsync($"register --first Ada --last Lovelace --code {codes[0]}");
        await RunAsync($"register --first =HYPERLINK(1) --last \"Smith, Jr\" --code {codes[1]}");

        var (exit, output, error) = await RunAsync($"export --token {App.AdminToken}");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("number,first_name,last_name,code,label,registered_at", lines[0]);
        Assert.StartsWith($"1,Ada,Lovelace,{codes[0]},speakers,", lines[1]);
        Assert.StartsWith($"2,'=HYPERLINK(1),\"Smith, Jr\",{codes[1]},speakers,", lines[2]);
    }

    [Fact]
    public async Task ExportDefusesFullWidthFormulaStartsAsTheServersExportDoes()
    {
        var codes = await AdminCalls.MintAsync(App.CreateChannel(), App.AdminToken, 2);
        var registration = new RollCall.V1.Registration.RegistrationClient(App.CreateChannel());
        await registration.RegisterAsync(new RollCall.V1.RegisterRequest { FirstName = "\uFF1DHYPERLINK(1)", LastName = "\uFF20SUM(A1)", Code = codes[0] });
        await registration.RegisterAsync(new RollCall.V1.RegisterRequest { FirstName = "\uFF0B1", LastName = "\uFF0D1", Code = codes[1] });

        var (exit, output, error) = await RunAsync($"export --token {App.AdminToken}");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith($"1,'\uFF1DHYPERLINK(1),'\uFF20SUM(A1),{codes[0]},", lines[1]);
        Assert.StartsWith($"2,'\uFF0B1,'\uFF0D1,{codes[1]},", lines[2]);
    }

    [Fact]
    public async Task ExportCanWriteJsonToAFileAndShowProgressOnStderr()
    {
        var codes = await AdminCalls.MintAsync(App.CreateChannel(), App.AdminToken, 3);
        foreach (var code in codes)
        {
            await RunAsync($"register --first Guest --last {code} --code {code}");
        }

        using var folder = new TempDirectory();
        var file = folder.File("attendees.json");
        var (exit, output, error) = await RunAsync($"export -o json --file {file} --progress --token {App.AdminToken}");

        Assert.Equal(0, exit);
        Assert.Empty(output);
        Assert.Contains("Exporting attendees: 3/3", error);
        Assert.Equal(3, JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task MintingShowsProgressOnlyWhenAsked()
    {
        var (_, quietOut, quiet) = await RunAsync($"code -n 3 --token {App.AdminToken}");
        var (_, loudOut, loud) = await RunAsync($"code -n 3 --progress --token {App.AdminToken}");

        Assert.Empty(quiet);
        Assert.Contains("Minting codes: 3/3", loud);
        Assert.Equal(3, quietOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(3, loudOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task ExportWithoutTheTokenIsRefused()
    {
        var (exit, _, error) = await RunAsync("export --token wrong");
        Assert.Equal(4, exit);
        Assert.Contains("The admin token is not valid.", error);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _rollcall_complete rollcall")]
    [InlineData("zsh", "compdef _rollcall_complete rollcall")]
    public async Task CompletionPrintsAScriptForTheShell(string shell, string expected)
    {
        var (exit, output, _) = await CliRunner.RunAsync($"completion {shell}");
        Assert.Equal(0, exit);
        Assert.Contains(expected, output);
    }

    [Fact]
    public async Task TheSuggestDirectiveCompletesCommandsAndOptionValues()
    {
        var (_, commands, _) = await CliRunner.RunAsync("[suggest:12] \"rollcall sta\"");
        var (_, formats, _) = await CliRunner.RunAsync("[suggest:23] \"rollcall code --format \"");

        Assert.Equal("status", commands.Trim());
        Assert.Equal(["csv", "json", "plain"], formats.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task TheCliPacksAsADotnetToolThatInstallsAndRuns()
    {
        using var folder = new TempDirectory();
        var project = Path.Combine(RepositoryPaths.Root, "src", "RollCall.Cli", "RollCall.Cli.csproj");
        // --no-build packs what the suite already built, so nothing is rebuilt under running tests.
        await RunProcessAsync("dotnet", ["pack", project, "-c", RepositoryPaths.Configuration, "--no-build", "-o", folder.File("nupkg"), "-p:PackageVersion=0.0.0-test"]);
        await RunProcessAsync("dotnet", ["tool", "install", "RollCall.Cli", "--tool-path", folder.File("tools"), "--add-source", folder.File("nupkg"), "--version", "0.0.0-test"]);

        var help = await RunProcessAsync(folder.File(Path.Combine("tools", "rollcall")), ["--help"]);

        Assert.Contains("rollcall code --count 50", help);
    }


    private static async Task<string> RunProcessAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed:\n{await output}\n{await error}");
        return await output;
    }
}
