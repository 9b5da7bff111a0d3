using System.CommandLine;
using System.Globalization;
using RollCall.V1;

namespace RollCall.Cli.Commands;

/// <summary>
/// <c>rollcall admin create-token | list-tokens | rotate-token | revoke-token</c>: named admin tokens,
/// for example one per device, so one can be revoked without touching the others.
/// </summary>
public static class AdminTokenCommands
{
    /// <summary>Creates the four token subcommands.</summary>
    public static IEnumerable<Command> Create() => [CreateToken(), ListTokens(), RotateToken(), RevokeToken()];

    private static Command CreateToken()
    {
        var name = new Option<string>("--name") { Description = "The token's name, e.g. door-laptop", Required = true };
        var command = new Command("create-token", "Create a named admin token and print it (it is shown only once)") { name };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var response = await connection.Admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = parseResult.GetValue(name)! }, connection.AdminHeaders(), cancellationToken: ct);
                output.WriteLine(response.Token);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command ListTokens()
    {
        var command = new Command("list-tokens", "List the admin tokens by name (never their values)");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var response = await connection.Admin.ListAdminTokensAsync(new ListAdminTokensRequest(), connection.AdminHeaders(), cancellationToken: ct);
                foreach (var token in response.AdminTokens)
                {
                    var state = token.RevokedAt is not null ? "revoked " + Date(token.RevokedAt)
                        : token.RotatedAt is not null ? "rotated " + Date(token.RotatedAt)
                        : "created " + Date(token.CreatedAt);
                    output.WriteLine($"{token.Name,-24} {(token.Bootstrap ? "token file" : "named"),-10}  {state}");
                }

                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command RotateToken()
    {
        var name = new Option<string?>("--name") { Description = "The token to rotate [default: the one this command uses]" };
        var command = new Command(
            "rotate-token",
            "Replace an admin token with a new one; the old one stops working at once. Rotating your own token updates the token file it came from.")
        {
            name,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var ownFile = parseResult.GetValue(name) is { Length: > 0 } ? null : CommonOptions.ResolveTokenFile(parseResult);
                var response = await connection.Admin.RotateAdminTokenAsync(new RotateAdminTokenRequest { Name = parseResult.GetValue(name) ?? string.Empty }, connection.AdminHeaders(), cancellationToken: ct);
                if (ownFile is null)
                {
                    output.WriteLine(response.Token);
                    return ExitCodes.Success;
                }

                TokenFiles.Write(ownFile, response.Token);
                output.WriteLine($"Rotated admin token '{response.Name}'; the new token is in {ownFile}.");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command RevokeToken()
    {
        var name = new Argument<string>("NAME") { Description = "The name of the token to revoke" };
        var command = new Command("revoke-token", "Revoke a named admin token; it stops working at once") { name };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var response = await connection.Admin.RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Name = parseResult.GetValue(name)! }, connection.AdminHeaders(), cancellationToken: ct);
                output.WriteLine($"Revoked admin token '{response.AdminToken.Name}'.");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static string Date(Google.Protobuf.WellKnownTypes.Timestamp timestamp) =>
        timestamp.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>Writes token files the way the server does: complete or not at all, readable only by the owner.</summary>
internal static class TokenFiles
{
    public static void Write(string path, string token)
    {
        var temporary = path + ".new";
        try
        {
            File.Delete(temporary);
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, create))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(token + "\n");
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.LocalError, $"The token was rotated but {path} cannot be written ({exception.Message}); the new token is: {token}");
        }
    }
}
