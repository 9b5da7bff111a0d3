using System.Reflection;

namespace RollCall.Server.Hosting;

/// <summary>
/// The server's flags and their <c>ROLLCALL_*</c> environment variables, each mapped to a
/// configuration key, so one setting can come from appsettings.json, the environment or the
/// command line (in rising precedence).
/// </summary>
public static class ServerCommandLine
{
    /// <summary>One setting: its flag, its environment variable and its configuration key.</summary>
    public sealed record Setting(string Flag, string Variable, string Key, bool IsSwitch, string Help);

    /// <summary>Every setting the server understands.</summary>
    public static IReadOnlyList<Setting> Settings { get; } =
    [
        new("--web-url", "ROLLCALL_WEB_URL", "RollCall:WebUrl", false, "Web page endpoint (default http://localhost:8080)"),
        new("--grpc-url", "ROLLCALL_GRPC_URL", "RollCall:GrpcUrl", false, "gRPC endpoint (default http://localhost:50001)"),
        new("--data-dir", "ROLLCALL_DATA_DIR", "RollCall:DataDir", false, "Folder for the database and the admin token (default ./data)"),
        new("--admin-token-file", "ROLLCALL_ADMIN_TOKEN_FILE", "RollCall:AdminTokenFile", false, "Admin token file (default DATA_DIR/admin-token)"),
        new("--allow-anonymous-codes", "ROLLCALL_ALLOW_ANONYMOUS_CODES", "RollCall:AllowAnonymousCodes", true, "Let the 2016 GetCode run without the admin token"),
        new("--public-names", "ROLLCALL_PUBLIC_NAMES", "RollCall:PublicNames", true, "Show attendee names to the public (default true)"),
        new("--public-url", "ROLLCALL_PUBLIC_URL", "RollCall:PublicUrl", false, "Address attendees open, for the board's QR code (default: from each request)"),
        new("--db", "ROLLCALL_DB", "Storage:ConnectionString", false, "PostgreSQL connection string (Host=…;Database=…) for several replicas; SQLite in DATA_DIR when unset"),
        new("--code-digits", "ROLLCALL_CODE_DIGITS", "RollCall:CodeDigits", false, "Digits per code, 9..18 (default: 2016-style 1..2147483647)"),
        new("--tls-url", "ROLLCALL_TLS_URL", "RollCall:Tls:Url", false, "One TLS endpoint for page, gRPC and JSON, e.g. https://0.0.0.0:8443"),
        new("--tls-cert", "ROLLCALL_TLS_CERT", "RollCall:Tls:CertificatePath", false, "PEM certificate for https endpoints"),
        new("--tls-key", "ROLLCALL_TLS_KEY", "RollCall:Tls:KeyPath", false, "PEM private key for https endpoints"),
        new("--trusted-proxy", "ROLLCALL_TRUSTED_PROXY", "RollCall:TrustedProxies", false, "Proxies whose X-Forwarded-For is believed (IPs/CIDRs, comma-separated)"),
        new("--failures-per-address", "ROLLCALL_FAILURES_PER_ADDRESS", "RollCall:RateLimits:FailuresPerAddress", false, "Failed registrations per client address per minute (default 10)"),
        new("--global-failures", "ROLLCALL_GLOBAL_FAILURES", "RollCall:RateLimits:GlobalFailures", false, "Failed registrations per minute from everyone before registration pauses (default 1000, 0 off)"),
        new("--max-watchers-per-address", "ROLLCALL_MAX_WATCHERS_PER_ADDRESS", "RollCall:Limits:MaxWatchersPerAddress", false, "Live status streams per client address (default 20)"),
        new("--shutdown-timeout", "ROLLCALL_SHUTDOWN_TIMEOUT", "RollCall:Limits:ShutdownTimeoutSeconds", false, "Seconds a stopping server drains calls in progress (default 10)"),
        new("--metrics", "ROLLCALL_METRICS", "RollCall:Telemetry:Prometheus", true, "Serve Prometheus metrics at /metrics (default off)"),
    ];

    /// <summary>
    /// Rewrites bare switches (<c>--allow-anonymous-codes</c>) as <c>--allow-anonymous-codes=true</c>,
    /// so the configuration reader never takes the next flag for their value.
    /// </summary>
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var setting = Settings.FirstOrDefault(s => s.IsSwitch && s.Flag == arg);
            if (setting is not null)
            {
                var next = i + 1 < args.Length ? args[i + 1] : null;
                if (next is not null && bool.TryParse(next, out _))
                {
                    result.Add($"{arg}={next}");
                    i++;
                }
                else
                {
                    result.Add($"{arg}=true");
                }

                continue;
            }

            result.Add(arg);
        }

        return [.. result];
    }

    /// <summary>Adds the <c>ROLLCALL_*</c> variables and the flags as configuration, above everything else.</summary>
    public static IConfigurationBuilder AddRollCallSettings(this IConfigurationBuilder configuration, string[] args)
    {
        var fromEnvironment = new Dictionary<string, string?>();
        foreach (var setting in Settings)
        {
            if (Environment.GetEnvironmentVariable(setting.Variable) is { } value)
            {
                fromEnvironment[setting.Key] = value;
            }
        }

        configuration.AddInMemoryCollection(fromEnvironment);
        configuration.AddCommandLine(Normalize(args), Settings.ToDictionary(s => s.Flag, s => s.Key));
        return configuration;
    }

    /// <summary>Prints help or the version when asked; true when the server should not start.</summary>
    public static bool TryHandleInformational(string[] args, TextWriter output)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            output.WriteLine("rollcall-server: the RollCall registration server (gRPC and web).");
            output.WriteLine();
            output.WriteLine("Usage: RollCall.Server [options]");
            output.WriteLine();
            output.WriteLine("Options (each also as an environment variable):");
            foreach (var setting in Settings)
            {
                var flag = setting.IsSwitch ? setting.Flag + "[=true|false]" : setting.Flag + " VALUE";
                output.WriteLine($"  {flag,-36} {setting.Help}");
                output.WriteLine($"  {string.Empty,-36} env {setting.Variable}");
            }

            output.WriteLine();
            output.WriteLine("Any ASP.NET Core setting can be given as --Section:Key=value, e.g. --Logging:LogLevel:Default=Debug.");
            output.WriteLine();
            output.WriteLine("Tools:");
            output.WriteLine("  RollCall.Server backup --data-dir DIR --output FILE   online backup of the SQLite database (safe while running)");
            output.WriteLine("  RollCall.Server restore --data-dir DIR --input FILE   replace the database of a stopped server");
            return true;
        }

        if (args.Any(a => a is "--version"))
        {
            var version = typeof(ServerCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            output.WriteLine(version ?? "unknown");
            return true;
        }

        return false;
    }
}
