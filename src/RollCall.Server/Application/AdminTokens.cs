using System.Buffers.Text;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace RollCall.Server.Application;

/// <summary>
/// The admin tokens. The bootstrap token lives in the token file: on first start the server
/// generates 256 random bits, writes them base64url-encoded after <c>rc_</c> with mode 0600 and logs where the file
/// is (never the token). Named tokens (<c>door-laptop</c>, ...) live in the <see cref="IAdminTokenStore"/>.
/// Only SHA-256 hashes are kept, in memory and in the database; a presented token is hashed and
/// looked up, the bootstrap token compared in constant time.
/// </summary>
public sealed partial class AdminTokens : IDisposable
{
    /// <summary>The name of the token in the token file.</summary>
    public const string BootstrapName = "bootstrap";

    /// <summary>The most named tokens in force at once.</summary>
    public const int MaxNamedTokens = 100;

    private readonly IAdminTokenStore _store;
    private readonly TimeProvider _time;
    private readonly AuditLog _audit;
    private readonly ILogger<AdminTokens> _logger;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private byte[]? _bootstrapHash;
    private FrozenDictionary<string, StoredAdminToken> _named = FrozenDictionary<string, StoredAdminToken>.Empty;

    /// <summary>Creates the token keeper for the configured file and store.</summary>
    public AdminTokens(IOptions<DataOptions> options, IAdminTokenStore store, TimeProvider time, AuditLog audit, ILogger<AdminTokens> logger)
    {
        TokenFile = options.Value.ResolveAdminTokenFile();
        _store = store;
        _time = time;
        _audit = audit;
        _logger = logger;
    }

    /// <summary>The full path of the token file.</summary>
    public string TokenFile { get; }

    /// <summary>Reads the token file, creating it with a new token when it does not exist. Runs once.</summary>
    public void EnsureLoaded()
    {
        if (_bootstrapHash is not null)
        {
            return;
        }

        if (!File.Exists(TokenFile))
        {
            try
            {
                WriteTokenFile(Generate(), createNew: true);
                _audit.BootstrapTokenCreated(TokenFile);
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

        _bootstrapHash = Hash(stored);
        LogLoaded(TokenFile);
    }

    /// <summary>Reloads the named tokens from the store (at start, after changes, and periodically for replicas).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var tokens = await _store.ListAsync(cancellationToken);
        _named = tokens.ToFrozenDictionary(t => Convert.ToHexString(t.Hash), StringComparer.Ordinal);
    }

    /// <summary>Who a presented token belongs to: its name when it is in force, else why it is not.</summary>
    public TokenCheck Check(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 1024)
        {
            return new TokenCheck(null, null);
        }

        var hash = Hash(presented);
        if (NameInForce(hash) is { } name)
        {
            return new TokenCheck(name, null, hash);
        }

        return _named.TryGetValue(Convert.ToHexString(hash), out var revoked) ? new TokenCheck(null, revoked.Name, hash) : new TokenCheck(null, null, hash);
    }

    /// <summary>
    /// The name of the token whose SHA-256 is <paramref name="hash"/> while that token is in force;
    /// null once it was rotated or revoked (here, or on another replica and reloaded since).
    /// </summary>
    public string? NameInForce(byte[] hash)
    {
        if (_bootstrapHash is { } bootstrap && CryptographicOperations.FixedTimeEquals(hash, bootstrap))
        {
            return BootstrapName;
        }

        // A lookup by hash reveals nothing useful through timing: nobody can choose a hash.
        return _named.TryGetValue(Convert.ToHexString(hash), out var token) && token.RevokedAt is null ? token.Name : null;
    }

    /// <summary>The tokens: the bootstrap token first, then every named one.</summary>
    public async Task<IReadOnlyList<StoredAdminToken>> ListAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        var bootstrap = new StoredAdminToken(BootstrapName, [], new DateTimeOffset(File.GetLastWriteTimeUtc(TokenFile), TimeSpan.Zero), null, null);
        return [bootstrap, .. _named.Values.OrderBy(t => t.CreatedAt).ThenBy(t => t.Name, StringComparer.Ordinal)];
    }

    /// <summary>Creates a named token and returns its value, which is shown only this once.</summary>
    public async Task<TokenChange> CreateAsync(string name, string byName, CancellationToken cancellationToken)
    {
        if (!IsValidName(name) || name == BootstrapName)
        {
            return TokenChange.BadName;
        }

        await _changes.WaitAsync(cancellationToken);
        try
        {
            await RefreshAsync(cancellationToken);
            if (_named.Values.Count(t => t.RevokedAt is null) >= MaxNamedTokens)
            {
                return TokenChange.TooMany;
            }

            var token = Generate();
            if (!await _store.AddAsync(name, Hash(token), _time.GetUtcNow(), cancellationToken))
            {
                return TokenChange.NameTaken;
            }

            await RefreshAsync(cancellationToken);
            _audit.TokenCreated(name, byName);
            return new TokenChange(TokenChangeResult.Done, token);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// Replaces a token's value; the old one stops working at once. The bootstrap token is rewritten
    /// in its file, and only the bootstrap token may do that: a named token (a door laptop, a CI
    /// job) that leaked must not be able to take the operator's key away.
    /// </summary>
    public async Task<TokenChange> RotateAsync(string name, string byName, CancellationToken cancellationToken)
    {
        if (name == BootstrapName && byName != BootstrapName)
        {
            return TokenChange.NotAllowed;
        }

        await _changes.WaitAsync(cancellationToken);
        try
        {
            var token = Generate();
            if (name == BootstrapName)
            {
                WriteTokenFile(token, createNew: false);
                _bootstrapHash = Hash(token);
            }
            else if (!IsValidName(name) || !await _store.ReplaceAsync(name, Hash(token), _time.GetUtcNow(), cancellationToken))
            {
                return TokenChange.NotFound;
            }

            await RefreshAsync(cancellationToken);
            _audit.TokenRotated(name, byName);
            return new TokenChange(TokenChangeResult.Done, token);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Revokes a named token; the bootstrap token can only be rotated.</summary>
    public async Task<TokenChange> RevokeAsync(string name, string byName, CancellationToken cancellationToken)
    {
        if (name == BootstrapName)
        {
            return TokenChange.BadName;
        }

        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (!IsValidName(name) || !await _store.RevokeAsync(name, _time.GetUtcNow(), cancellationToken))
            {
                return TokenChange.NotFound;
            }

            await RefreshAsync(cancellationToken);
            _audit.TokenRevoked(name, byName);
            return new TokenChange(TokenChangeResult.Done, null);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _changes.Dispose();

    /// <summary>True for 1..64 letters, digits, dots, dashes and underscores, starting with a letter or digit.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>The start of every generated token: it never begins with a dash, which command lines read as an option.</summary>
    public const string GeneratedPrefix = "rc_";

    /// <summary>A new token: <see cref="GeneratedPrefix"/> and 256 bits from the CSPRNG, base64url without padding.</summary>
    public static string Generate() =>
        GeneratedPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The SHA-256 of a token, the only form in which tokens are kept.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    // A new file appears complete or not at all, and is never readable by anyone else.
    private void WriteTokenFile(string token, bool createNew)
    {
        var folder = Path.GetDirectoryName(TokenFile)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var target = createNew ? TokenFile : TokenFile + ".new";
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        if (!createNew)
        {
            File.Delete(target);
        }

        using (var stream = new FileStream(target, create))
        {
            stream.Write(Encoding.UTF8.GetBytes(token + "\n"));
            stream.Flush(flushToDisk: true);
        }

        if (!createNew)
        {
            File.Move(target, TokenFile, overwrite: true);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin token loaded from {TokenFile}")]
    private partial void LogLoaded(string tokenFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The admin token file {TokenFile} is readable by other users; run chmod 600 on it")]
    private partial void LogReadableByOthers(string tokenFile);
}
