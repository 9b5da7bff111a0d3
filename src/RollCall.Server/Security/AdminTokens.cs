using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RollCall.Server.Hosting;

namespace RollCall.Server.Security;

/// <summary>
/// The admin token. On first start the server generates 256 random bits, writes them base64url-encoded
/// to the token file with mode 0600 and logs where the file is (never the token). In memory it keeps
/// only the SHA-256 of the token, and compares presented tokens by hash in constant time.
/// </summary>
public sealed partial class AdminTokens
{
    private readonly ILogger<AdminTokens> _logger;
    private byte[]? _hash;

    /// <summary>Creates the token keeper for the configured file.</summary>
    public AdminTokens(IOptions<RollCallOptions> options, ILogger<AdminTokens> logger)
    {
        TokenFile = options.Value.ResolveAdminTokenFile();
        _logger = logger;
    }

    /// <summary>The full path of the token file.</summary>
    public string TokenFile { get; }

    /// <summary>Reads the token file, creating it with a new token when it does not exist.</summary>
    public void EnsureLoaded()
    {
        if (!File.Exists(TokenFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(TokenFile)!);
            var token = Generate();
            try
            {
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(TokenFile, create);
                stream.Write(Encoding.UTF8.GetBytes(token + "\n"));
                LogCreated(TokenFile);
            }
            catch (IOException) when (File.Exists(TokenFile))
            {
                // Another process created it first; use theirs.
            }
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(TokenFile) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            LogReadableByOthers(TokenFile);
        }

        var stored = File.ReadAllText(TokenFile).Trim();
        if (stored.Length < 16)
        {
            throw new InvalidOperationException($"The admin token in {TokenFile} is shorter than 16 characters; delete the file to generate a new one.");
        }

        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(stored));
        LogLoaded(TokenFile);
    }

    /// <summary>True when <paramref name="presented"/> is the admin token.</summary>
    public bool IsValid(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || _hash is null || presented.Length > 1024)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _hash);
    }

    /// <summary>A new token: 256 bits from the CSPRNG, base64url without padding.</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created a new admin token in {TokenFile} (mode 0600); the rollcall CLI reads it from there")]
    private partial void LogCreated(string tokenFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin token loaded from {TokenFile}")]
    private partial void LogLoaded(string tokenFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The admin token file {TokenFile} is readable by other users; run chmod 600 on it")]
    private partial void LogReadableByOthers(string tokenFile);
}
