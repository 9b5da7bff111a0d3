using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;

namespace RollCall.Server.Hosting;

/// <summary>
/// The server's command line, parsed by System.CommandLine: one flag per setting, each also a
/// <c>ROLLCALL_*</c> environment variable and a configuration key; any other ASP.NET Core setting
/// as <c>--Section:Key=value</c>; <c>--help</c>, <c>--version</c>; and the <c>backup</c> and
/// <c>restore</c> tools, which run instead of the server. What the command line says becomes
/// configuration entries above every other source (<see cref="AddRollCallSettings"/>), so the
/// options classes bind it like anything else: defaults in code, then appsettings.json, then
/// <c>ROLLCALL_*</c> variables, then flags.
/// </summary>
public sealed class ServerCommandLine
{
    /// <summary>What a setting's flag takes.</summary>
    public enum SettingKind
    {
        /// <summary>A value, kept as written (a URL, a path, a connection string).</summary>
        Text,

        /// <summary>A whole number, checked while parsing.</summary>
        Number,

        /// <summary>
        /// A switch: <c>--flag</c> alone means true; <c>--flag=false</c> and <c>--flag false</c>
        /// say it outright.
        /// </summary>
        Switch,
    }

    /// <summary>One setting: its flag, its environment variable and its configuration key.</summary>
    public sealed record Setting(string Flag, string Variable, string Key, SettingKind Kind, string ValueName, string Help);

    /// <summary>Every setting the server takes as a flag.</summary>
    public static IReadOnlyList<Setting> Settings { get; } =
    [
        new("--web-url", "ROLLCALL_WEB_URL", "RollCall:WebUrl", SettingKind.Text, "URL", "Web page endpoint (default http://localhost:8080; none: off)"),
        new("--grpc-url", "ROLLCALL_GRPC_URL", "RollCall:GrpcUrl", SettingKind.Text, "URL", "gRPC endpoint (default http://localhost:50001; none: off)"),
        new("--data-dir", "ROLLCALL_DATA_DIR", "RollCall:DataDir", SettingKind.Text, "DIR", "Folder for the database and the admin token (default ./data)"),
        new("--admin-token-file", "ROLLCALL_ADMIN_TOKEN_FILE", "RollCall:AdminTokenFile", SettingKind.Text, "PATH", "Admin token file (default DIR/admin-token)"),
        new("--allow-anonymous-codes", "ROLLCALL_ALLOW_ANONYMOUS_CODES", "RollCall:AllowAnonymousCodes", SettingKind.Switch, string.Empty, "Let the 2016 GetCode run without the admin token (default false)"),
        new("--public-names", "ROLLCALL_PUBLIC_NAMES", "RollCall:PublicNames", SettingKind.Switch, string.Empty, "Show attendee names to the public (default true)"),
        new("--public-url", "ROLLCALL_PUBLIC_URL", "RollCall:PublicUrl", SettingKind.Text, "URL", "Address attendees open, for the board's QR code (default: from each request)"),
        new("--db", "ROLLCALL_DB", "Storage:ConnectionString", SettingKind.Text, "CONNSTRING", "PostgreSQL connection string (Host=…;Database=…) for several replicas; SQLite in DIR when unset"),
        new("--code-digits", "ROLLCALL_CODE_DIGITS", "RollCall:CodeDigits", SettingKind.Number, "N", "Digits per code, 9..18 (default: 2016-style 1..2147483647)"),
        new("--tls-url", "ROLLCALL_TLS_URL", "RollCall:Tls:Url", SettingKind.Text, "URL", "One TLS endpoint for page, gRPC and JSON, e.g. https://0.0.0.0:8443"),
        new("--tls-cert", "ROLLCALL_TLS_CERT", "RollCall:Tls:CertificatePath", SettingKind.Text, "PATH", "PEM certificate for https endpoints"),
        new("--tls-key", "ROLLCALL_TLS_KEY", "RollCall:Tls:KeyPath", SettingKind.Text, "PATH", "PEM private key for https endpoints"),
        new("--trusted-proxy", "ROLLCALL_TRUSTED_PROXY", "RollCall:TrustedProxies", SettingKind.Text, "LIST", "Proxies whose X-Forwarded-For is believed (IPs/CIDRs, comma-separated)"),
        new("--failures-per-address", "ROLLCALL_FAILURES_PER_ADDRESS", "RollCall:RateLimits:FailuresPerAddress", SettingKind.Number, "N", "Failed registrations per client address per minute (default 10)"),
        new("--global-failures", "ROLLCALL_GLOBAL_FAILURES", "RollCall:RateLimits:GlobalFailures", SettingKind.Number, "N", "Failed registrations per minute from everyone before registration pauses (default 1000, 0 off)"),
        new("--max-watchers-per-address", "ROLLCALL_MAX_WATCHERS_PER_ADDRESS", "RollCall:Limits:MaxWatchersPerAddress", SettingKind.Number, "N", "Live status streams per client address (default 5000; the server-wide cap comes from RollCall:Limits:LiveStreamMemoryBytes)"),
        new("--shutdown-timeout", "ROLLCALL_SHUTDOWN_TIMEOUT", "RollCall:Limits:ShutdownTimeoutSeconds", SettingKind.Number, "S", "Seconds a stopping server drains calls in progress (default 10)"),
        new("--metrics", "ROLLCALL_METRICS", "RollCall:Telemetry:Prometheus", SettingKind.Switch, string.Empty, "Serve Prometheus metrics at /metrics (default false)"),
    ];

    // The host's own settings, without a section; the test host passes them as --key=value too.
    private static readonly string[] _hostKeys = ["environment", "applicationName", "contentRoot"];

    private readonly RootCommand _root;
    private readonly ParseResult _parseResult;

    private ServerCommandLine(RootCommand root, ParseResult parseResult)
    {
        _root = root;
        _parseResult = parseResult;
        var passThrough = ReadPassThroughEntries(parseResult);
        Entries = [.. ReadFlagEntries(parseResult), .. passThrough];
        HostArguments = [.. passThrough.Select(e => $"--{e.Key}={e.Value}")];
    }

    /// <summary>
    /// True when the command line asks for the server itself; false for <c>--help</c>,
    /// <c>--version</c>, a tool, or a mistake, which <see cref="Invoke"/> handles instead.
    /// </summary>
    public bool StartsServer => _parseResult.Action == _root.Action;

    /// <summary>
    /// What the command line sets, as configuration entries: each flag given under its key, then
    /// every <c>--Section:Key=value</c> (of two entries for one key, the later wins).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Entries { get; }

    /// <summary>
    /// The ASP.NET Core settings alone, as <c>--key=value</c> arguments for the host builder, which
    /// reads a few of them (<c>--environment</c>, <c>--contentRoot</c>) before any configuration.
    /// </summary>
    public string[] HostArguments { get; }

    /// <summary>Parses the server's arguments.</summary>
    public static ServerCommandLine Parse(IReadOnlyList<string> args)
    {
        var root = CreateRootCommand();
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction error)
        {
            // One clear line per mistake; --help is there for the whole list.
            error.ShowHelp = false;
        }

        return new ServerCommandLine(root, parseResult);
    }

    /// <summary>
    /// Runs what the command line asks for instead of the server: help, the version, a tool, or
    /// the report of a mistake (exit code 1).
    /// </summary>
    public int Invoke(TextWriter output, TextWriter error) =>
        _parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error });

    /// <summary>
    /// Adds the <c>ROLLCALL_*</c> variables and then the command line's <paramref name="entries"/>
    /// as configuration, above every source added before.
    /// </summary>
    public static IConfigurationBuilder AddRollCallSettings(IConfigurationBuilder configuration, IEnumerable<KeyValuePair<string, string?>> entries)
    {
        var fromEnvironment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in Settings)
        {
            if (Environment.GetEnvironmentVariable(setting.Variable) is { } value)
            {
                fromEnvironment[setting.Key] = value;
            }
        }

        var fromCommandLine = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in entries)
        {
            fromCommandLine[key] = value;
        }

        return configuration.AddInMemoryCollection(fromEnvironment).AddInMemoryCollection(fromCommandLine);
    }

    /// <summary>
    /// The configuration a tool reads: appsettings.json beside the binary, the environment, the
    /// <c>ROLLCALL_*</c> variables and the command line, in the server's order of precedence.
    /// </summary>
    internal static IConfiguration ToolConfiguration(ParseResult parseResult)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        return AddRollCallSettings(configuration, [.. ReadFlagEntries(parseResult), .. ReadPassThroughEntries(parseResult)]).Build();
    }

    private static RootCommand CreateRootCommand()
    {
        var root = new RootCommand(
            """
            RollCall.Server: the RollCall registration server (gRPC and web).

            Every option is also an environment variable and a key of appsettings.json; an option
            wins over its variable, a variable over appsettings.json. Any other ASP.NET Core setting
            goes as --Section:Key=value, e.g. --Logging:LogLevel:Default=Debug.
            """);
        foreach (var setting in Settings)
        {
            root.Options.Add(CreateOption(setting));
        }

        var passThrough = new Argument<string[]>("--Section:Key=value")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "Any ASP.NET Core setting, e.g. --Logging:LogLevel:Default=Debug",
        };
        passThrough.Validators.Add(result =>
        {
            var errors = new List<string>();
            ReadPassThrough([.. result.Tokens.Select(t => t.Value)], errors);
            errors.ForEach(result.AddError);
        });
        root.Arguments.Add(passThrough);

        // The tools read the data folder from the same option, variable and appsettings key.
        var dataDir = (Option<string>)root.Options.Single(o => o.Name == "--data-dir");
        root.Subcommands.Add(ServerTools.CreateBackupCommand(dataDir));
        root.Subcommands.Add(ServerTools.CreateRestoreCommand(dataDir));

        // The server starts from Program.cs once StartsServer says so.
        root.SetAction(_ => 0);
        return root;
    }

    private static Option CreateOption(Setting setting)
    {
        var description = $"{setting.Help} [env: {setting.Variable}]";
        return setting.Kind switch
        {
            SettingKind.Switch => new Option<bool>(setting.Flag) { Description = description },
            SettingKind.Number => new Option<int>(setting.Flag) { Description = description, HelpName = setting.ValueName },
            _ => new Option<string>(setting.Flag) { Description = description, HelpName = setting.ValueName },
        };
    }

    private static Argument<string[]> PassThrough(RootCommand root) => (Argument<string[]>)root.Arguments.Single();

    private static List<KeyValuePair<string, string?>> ReadFlagEntries(ParseResult parseResult)
    {
        var entries = new List<KeyValuePair<string, string?>>();
        if (parseResult.Errors.Count > 0)
        {
            // A value that did not parse has no configuration form; Invoke reports it.
            return entries;
        }

        var root = (RootCommand)parseResult.RootCommandResult.Command;
        foreach (var setting in Settings)
        {
            var option = root.Options.Single(o => o.Name == setting.Flag);
            if (parseResult.GetResult(option) is { Implicit: false })
            {
                entries.Add(new(setting.Key, Text(parseResult, option)));
            }
        }

        return entries;
    }

    private static List<KeyValuePair<string, string?>> ReadPassThroughEntries(ParseResult parseResult)
    {
        var passThrough = PassThrough((RootCommand)parseResult.RootCommandResult.Command);
        return parseResult.Errors.Count > 0 || parseResult.GetResult(passThrough) is null
            ? []
            : ReadPassThrough(parseResult.GetValue(passThrough) ?? [], errors: null);
    }

    private static string? Text(ParseResult parseResult, Option option) => option switch
    {
        Option<bool> flag => parseResult.GetValue(flag) ? "true" : "false",
        Option<int> number => parseResult.GetValue(number).ToString(CultureInfo.InvariantCulture),
        Option<string> text => parseResult.GetValue(text),
        _ => throw new InvalidOperationException($"{option.Name} has no configuration form."),
    };

    /// <summary>
    /// Reads <c>--Section:Key=value</c> and <c>--Section:Key value</c> settings. A key with a colon
    /// or a capital letter first is configuration (a whole section such as <c>--Logging=</c> is
    /// what the test host passes), as are the host's own keys; a lowercase word is a mistyped
    /// flag, and says so.
    /// </summary>
    private static List<KeyValuePair<string, string?>> ReadPassThrough(string[] tokens, List<string>? errors)
    {
        var entries = new List<KeyValuePair<string, string?>>();
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var hasValueNext = i + 1 < tokens.Length && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal);
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                errors?.Add($"Unrecognized argument '{token}'. RollCall.Server --help lists the options.");
                continue;
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? token[2..] : token[2..equals];
            if (!IsConfigurationKey(key))
            {
                errors?.Add($"Unknown option '--{key}'. RollCall.Server --help lists the options; ASP.NET Core settings go as --Section:Key=value.");
                i += equals < 0 && hasValueNext ? 1 : 0;
                continue;
            }

            if (equals >= 0)
            {
                entries.Add(new(key, token[(equals + 1)..]));
            }
            else if (hasValueNext)
            {
                entries.Add(new(key, tokens[++i]));
            }
            else
            {
                errors?.Add($"--{key} needs a value: --{key}=VALUE.");
            }
        }

        return entries;
    }

    private static bool IsConfigurationKey(string key) =>
        key.Length > 0
        && (key.Contains(':', StringComparison.Ordinal) || char.IsUpper(key[0]) || _hostKeys.Contains(key, StringComparer.OrdinalIgnoreCase));
}
