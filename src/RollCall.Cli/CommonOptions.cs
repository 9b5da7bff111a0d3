using System.CommandLine;

namespace RollCall.Cli;

/// <summary>The options every subcommand shares: which server, which admin token.</summary>
public static class CommonOptions
{
    /// <summary>The server's gRPC address.</summary>
    public static readonly Option<string> Server = new("--server", "-s")
    {
        Description = "The server's gRPC address [env: ROLLCALL_SERVER]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ROLLCALL_SERVER") ?? "http://localhost:50001",
        Recursive = true,
        HelpName = "URL",
    };

    /// <summary>The admin token itself.</summary>
    public static readonly Option<string?> Token = new("--token")
    {
        Description = "The admin token [env: ROLLCALL_TOKEN]",
        Recursive = true,
    };

    /// <summary>A file holding the admin token.</summary>
    public static readonly Option<FileInfo?> TokenFile = new("--token-file")
    {
        Description = "A file holding the admin token [default: ./data/admin-token when it exists]",
        Recursive = true,
        HelpName = "PATH",
    };

    /// <summary>The default token file: the one a server started in the same folder writes.</summary>
    public static string DefaultTokenFile => Path.Combine("data", "admin-token");

    /// <summary>Adds the shared options to the root command.</summary>
    public static void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(Token);
        root.Options.Add(TokenFile);
    }

    /// <summary>The file the admin token comes from; null when it comes from --token or ROLLCALL_TOKEN, or there is none.</summary>
    public static string? ResolveTokenFile(ParseResult parseResult)
    {
        if (parseResult.GetValue(Token) is { Length: > 0 } || Environment.GetEnvironmentVariable("ROLLCALL_TOKEN") is { Length: > 0 })
        {
            return null;
        }

        return parseResult.GetValue(TokenFile)?.FullName ?? (File.Exists(DefaultTokenFile) ? Path.GetFullPath(DefaultTokenFile) : null);
    }

    /// <summary>
    /// The admin token: --token, then ROLLCALL_TOKEN, then --token-file, then the server's default
    /// token file when it exists; null when there is none.
    /// </summary>
    public static string? ResolveToken(ParseResult parseResult)
    {
        if (parseResult.GetValue(Token) is { Length: > 0 } token)
        {
            return token.Trim();
        }

        if (Environment.GetEnvironmentVariable("ROLLCALL_TOKEN") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment.Trim();
        }

        var file = parseResult.GetValue(TokenFile)?.FullName;
        if (file is null)
        {
            if (!File.Exists(DefaultTokenFile))
            {
                return null;
            }

            file = DefaultTokenFile;
        }

        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.LocalError, $"Cannot read the admin token file {file}: {exception.Message}");
        }
    }
}
