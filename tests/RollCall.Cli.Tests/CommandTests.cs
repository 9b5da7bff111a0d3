using System.Text.Json;
using RollCall.Testing;

namespace RollCall.Cli.Tests;

/// <summary>Every subcommand against a real server on loopback, with its messages and exit codes.</summary>
public sealed class CommandTests : ServerTestBase
{
    [Fact]
    public async Task CodeMintsTheRequestedNumberOfCodesOnePerLine()
    {
        var (exit, output, error) = await RunAsync($"code --count 5 --token {App.AdminToken}");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var codes = Lines(output);
        Assert.Equal(5, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[0-9]+$", c));
    }

    [Fact]
    public async Task CodeCanPrintJsonWithLabelAndExpiry()
    {
        var (exit, output, _) = await RunAsync($"code -n 2 --label speakers --ttl 2h --format json --token {App.AdminToken}");

        Assert.Equal(0, exit);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("speakers", r.GetProperty("label").GetString()));
        Assert.All(rows, r => Assert.True(r.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(110)));
    }

    [Fact]
    public async Task CodeCanPrintCsvWithAHeader()
    {
        var (exit, output, _) = await RunAsync($"code -n 3 --label \"sponsor, X\" -o csv --token {App.AdminToken}");

        Assert.Equal(0, exit);
        var lines = Lines(output);
        Assert.Equal("code,label,issued_at,expires_at", lines[0]);
        Assert.Equal(4, lines.Count);
        Assert.Contains(",\"sponsor, X\",", lines[1]);
    }

    [Fact]
    public async Task CodeWithLegacyUsesThe2016GetCode()
    {
        var (exit, output, _) = await RunAsync($"code --legacy -n 2 --token {App.AdminToken}");

        Assert.Equal(0, exit);
        Assert.Equal(2, Lines(output).Count);
    }

    [Fact]
    public async Task CodeMoreThanTenThousandIsMintedInBatches()
    {
        var (exit, output, _) = await RunAsync($"code -n 12000 --token {App.AdminToken}");

        Assert.Equal(0, exit);
        Assert.Equal(12_000, Lines(output).Distinct().Count());
    }

    [Fact]
    public async Task CodeWithoutAnyTokenFailsWithExitCode4AndOneLine()
    {
        var (exit, output, error) = await RunAsync("code");

        Assert.Equal(4, exit);
        Assert.Empty(output);
        Assert.Single(Lines(error));
        Assert.StartsWith("rollcall: This call needs the admin token", error);
    }

    [Fact]
    public async Task AnUnreadableTokenFileFailsWithExitCode2()
    {
        var (exit, output, error) = await RunAsync($"code --token-file {NoSuchTokenFile()}");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Single(Lines(error));
        Assert.StartsWith("rollcall: Cannot read the admin token file", error);
    }

    [Fact]
    public async Task CodeWithAWrongTokenFailsWithExitCode4()
    {
        var (exit, _, error) = await RunAsync("code --token wrong-token");

        Assert.Equal(4, exit);
        Assert.Equal("rollcall: The admin token is not valid. Check --token, --token-file or ROLLCALL_TOKEN.", error.Trim());
    }

    [Fact]
    public async Task TheTokenCanComeFromAFile()
    {
        using var folder = new TempDirectory();
        var file = folder.File("token");
        await File.WriteAllTextAsync(file, App.AdminToken + "\n");

        var (exit, output, _) = await RunAsync($"code --token-file {file}");

        Assert.Equal(0, exit);
        Assert.Single(Lines(output));
    }

    [Fact]
    public async Task CodeRejectsACountOutOfRangeBeforeCallingTheServer()
    {
        var (exit, _, error) = await RunAsync($"code --count 0 --token {App.AdminToken}");

        Assert.NotEqual(0, exit);
        Assert.Contains("--count must be between 1 and 100,000.", error);
    }

    [Fact]
    public async Task RegisterPrintsTheSuccessMessageAndTheRegistrationNumber()
    {
        var code = await MintAsync();

        var (exit, output, _) = await RunAsync($"register --first Ada --last Lovelace --code {code}");

        Assert.Equal(0, exit);
        Assert.Equal("Successfully registered! Ada Lovelace is attendee #1.", output.Trim());
    }

    [Fact]
    public async Task RegisterWithAUsedCodeFailsWithTheSeedMessageAndExitCode5()
    {
        var code = await MintAsync();
        await RunAsync($"register --first Ada --last Lovelace --code {code}");

        var (exit, output, error) = await RunAsync($"register --first Grace --last Hopper --code {code}");

        Assert.Equal(5, exit);
        Assert.Empty(output);
        Assert.Equal($"rollcall: The code {code} has already been used.", error.Trim());
    }

    [Fact]
    public async Task RegisterWithAnUnknownCodeFailsWithExitCode5()
    {
        var (exit, _, error) = await RunAsync("register --first Grace --last Hopper --code 42");

        Assert.Equal(5, exit);
        Assert.Equal("rollcall: The code 42 is not a valid code.", error.Trim());
    }

    [Fact]
    public async Task StatusPrintsTheCountAndEveryName()
    {
        foreach (var name in new[] { "Ada", "Grace", "Linus" })
        {
            await RunAsync($"register --first {name} --last Tester --code {await MintAsync()}");
        }

        var (exit, output, _) = await RunAsync("status");

        Assert.Equal(0, exit);
        var lines = Lines(output);
        Assert.Equal("Attendants: 3", lines[0]);
        Assert.Equal(["1. Ada Tester", "2. Grace Tester", "3. Linus Tester"], lines.Skip(1).Select(l => l.Trim()));
    }

    [Fact]
    public async Task StatusCanUseThe2016CallAndPrintJson()
    {
        await RunAsync($"register --first Ada --last Lovelace --code {await MintAsync()}");

        var (exit, output, _) = await RunAsync("status --legacy --format json");

        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1, json.GetProperty("count").GetInt32());
        Assert.Equal("Ada Lovelace", json.GetProperty("attendants")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnUnreachableServerFailsWithExitCode3AndNoStackTrace()
    {
        using var nowhere = new RefusingPort();
        var port = nowhere.Port;
        var (exit, _, error) = await CliRunner.RunAsync($"status --server http://127.0.0.1:{port}");

        Assert.Equal(3, exit);
        Assert.StartsWith($"rollcall: Cannot reach the RollCall server at http://127.0.0.1:{port}", error);
        Assert.Single(Lines(error));
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task ABadServerUrlIsExplained()
    {
        var (exit, _, error) = await CliRunner.RunAsync("status --server not-a-url");

        Assert.Equal(1, exit);
        Assert.Contains("--server must be an http:// or https:// URL", error);
    }

    [Fact]
    public async Task HelpShowsExamples()
    {
        var (exit, output, _) = await CliRunner.RunAsync("--help");

        Assert.Equal(0, exit);
        Assert.Contains("rollcall code --count 50", output);
        Assert.Contains("register", output);
    }


    private async Task<string> MintAsync() => (await AdminCalls.MintAsync(App.CreateChannel(), App.AdminToken, 1))[0];

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string NoSuchTokenFile() => Path.Combine(Path.GetTempPath(), "rollcall-no-such-token-" + Guid.NewGuid().ToString("N"));
}
