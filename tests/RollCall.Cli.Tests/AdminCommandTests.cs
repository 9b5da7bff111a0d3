using System.Text.Json;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Cli.Tests;

/// <summary><c>rollcall admin ...</c> against a real server on loopback.</summary>
public sealed class AdminCommandTests : ServerTestBase
{
    [Fact]
    public async Task AdminCodesListsCodesFilteredByStateAndLabel()
    {
        var speakers = await AdminCalls.MintAsync(App.CreateChannel(), App.AdminToken, 3, "speakers");
        await AdminCalls.MintAsync(App.CreateChannel(), App.AdminToken, 2, "staff");
        await RunAsync($"register --first Ada --last L --code {speakers[0]}");

        var (exit, output, _) = await RunAsync($"admin codes --state outstanding --label speakers --format json --token {App.AdminToken}");

        Assert.Equal(0, exit);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(speakers.Skip(1), rows.Select(r => r.GetProperty("code").GetString()));
        Assert.All(rows, r => Assert.Equal("outstanding", r.GetProperty("state").GetString()));
        Assert.All(rows, r => Assert.Equal("speakers", r.GetProperty("label").GetString()));
        var (_, plain, _) = await RunAsync($"admin codes --token {App.AdminToken}");
        Assert.Contains(plain.Split('\n'), line => line.StartsWith(speakers[0]) && line.Contains("redeemed") && line.Contains("speakers"));
    }

    [Fact]
    public async Task AdminRevokeRevokesACodeAndRedeemingItThenSaysSo()
    {
        var code = (await AdminCalls.MintAsync(App.CreateChannel(), App.AdminToken, 1))[0];

        var (exit, output, _) = await RunAsync($"admin revoke {code} --token {App.AdminToken}");
        var (registerExit, _, error) = await RunAsync($"register --first Ada --last L --code {code}");

        Assert.Equal(0, exit);
        Assert.Equal($"Revoked {code}.", output.Trim());
        Assert.Equal(5, registerExit);
        Assert.Equal($"rollcall: The code {code} has been revoked.", error.Trim());
    }

    [Fact]
    public async Task AdminRevokeOfAnUnknownCodeFailsWithExitCode5()
    {
        var (exit, _, error) = await RunAsync($"admin revoke 42 --token {App.AdminToken}");

        Assert.Equal(5, exit);
        Assert.Equal("rollcall: The code 42 is not a valid code.", error.Trim());
    }

    [Fact]
    public async Task CreateListRotateAndRevokeNamedTokens()
    {
        var (createExit, token, _) = await RunAsync($"admin create-token --name door-laptop --token {App.AdminToken}");
        Assert.Equal(0, createExit);
        token = token.Trim();

        var (_, list, _) = await RunAsync($"admin list-tokens --token {token}");
        Assert.Contains("bootstrap", list);
        Assert.Contains("door-laptop", list);
        Assert.DoesNotContain(token, list);

        var (rotateExit, rotated, _) = await RunAsync($"admin rotate-token --token {token}");
        Assert.Equal(0, rotateExit);
        var (oldExit, _, _) = await RunAsync($"admin list-tokens --token {token}");
        Assert.Equal(4, oldExit);

        var (revokeExit, revokedOutput, _) = await RunAsync($"admin revoke-token door-laptop --token {App.AdminToken}");
        Assert.Equal(0, revokeExit);
        Assert.Equal("Revoked admin token 'door-laptop'.", revokedOutput.Trim());
        var (afterExit, _, _) = await RunAsync($"admin list-tokens --token {rotated.Trim()}");
        Assert.Equal(4, afterExit);
    }

    [Fact]
    public async Task RotatingYourOwnTokenFromAFileWritesTheNewTokenThere()
    {
        using var folder = new TempDirectory();
        var file = folder.File("token");
        var created = await new Admin.AdminClient(App.CreateChannel()).CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "kiosk" }, App.AdminHeaders);
        await File.WriteAllTextAsync(file, created.Token + "\n");

        var (exit, output, _) = await RunAsync($"admin rotate-token --token-file {file}");

        Assert.Equal(0, exit);
        Assert.Equal($"Rotated admin token 'kiosk'; the new token is in {file}.", output.Trim());
        var fresh = File.ReadAllText(file).Trim();
        Assert.NotEqual(created.Token, fresh);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.DoesNotContain(fresh, output);
        var (listExit, _, _) = await RunAsync($"admin list-tokens --token-file {file}");
        Assert.Equal(0, listExit);
    }

    [Fact]
    public async Task RevokingTheBootstrapTokenIsRefusedWithExitCode5()
    {
        var (exit, _, error) = await RunAsync($"admin revoke-token bootstrap --token {App.AdminToken}");

        Assert.Equal(5, exit);
        Assert.Equal("rollcall: The bootstrap token cannot be revoked; rotate it instead.", error.Trim());
    }

    [Fact]
    public async Task TooManyFailedRegistrationsEndWithExitCode6()
    {
        var exits = new List<int>();
        for (var i = 0; i < 11; i++)
        {
            exits.Add((await RunAsync($"register --first Eve --last G --code {9000 + i}")).Exit);
        }

        Assert.Equal(Enumerable.Repeat(5, 10).Append(6), exits);
    }
}
