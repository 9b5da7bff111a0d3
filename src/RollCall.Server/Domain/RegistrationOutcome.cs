using RollCall.Server.Storage;

namespace RollCall.Server.Domain;

/// <summary>What became of a registration attempt.</summary>
public enum RegistrationResult
{
    /// <summary>The attendee is registered.</summary>
    Registered,

    /// <summary>The input broke a rule (an empty field, a name too long, ...).</summary>
    Invalid,

    /// <summary>The code was never issued.</summary>
    UnknownCode,

    /// <summary>The code was used before.</summary>
    AlreadyUsed,

    /// <summary>The code was revoked.</summary>
    Revoked,

    /// <summary>The code expired.</summary>
    Expired,

    /// <summary>The database could not be reached; nothing was registered.</summary>
    Unavailable,

    /// <summary>Refused before redeeming: too many failed attempts (see <see cref="RegistrationOutcome.RetryAfter"/>).</summary>
    RateLimited,
}

/// <summary>
/// The outcome of a registration attempt with its human message. <see cref="Key"/> names the
/// message without its text, so the page can redirect with <c>?result=KEY</c> and rebuild it.
/// </summary>
public sealed record RegistrationOutcome(RegistrationResult Result, string Key, string Message, Attendant? Attendant = null)
{
    /// <summary>For <see cref="RegistrationResult.RateLimited"/>: how long to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    private static readonly Dictionary<string, Func<string, RegistrationOutcome>> _byKey = new(StringComparer.Ordinal)
    {
        ["registered"] = _ => new(RegistrationResult.Registered, "registered", Messages.Registered),
        ["fill"] = _ => new(RegistrationResult.Invalid, "fill", Messages.FillAllFields),
        ["code-too-long"] = _ => new(RegistrationResult.Invalid, "code-too-long", Messages.CodeTooLong),
        ["first-too-long"] = _ => Invalid("first-too-long", Messages.TooLong("first name", RegistrationRules.MaxNameLength)),
        ["last-too-long"] = _ => Invalid("last-too-long", Messages.TooLong("last name", RegistrationRules.MaxNameLength)),
        ["first-control"] = _ => Invalid("first-control", Messages.ControlCharacters("first name")),
        ["last-control"] = _ => Invalid("last-control", Messages.ControlCharacters("last name")),
        ["first-invalid"] = _ => Invalid("first-invalid", Messages.InvalidText("first name")),
        ["last-invalid"] = _ => Invalid("last-invalid", Messages.InvalidText("last name")),
        ["unknown"] = code => new(RegistrationResult.UnknownCode, "unknown", Messages.NotValid(code)),
        ["used"] = code => new(RegistrationResult.AlreadyUsed, "used", Messages.AlreadyUsed(code)),
        ["revoked"] = code => new(RegistrationResult.Revoked, "revoked", Messages.Revoked(code)),
        ["expired"] = code => new(RegistrationResult.Expired, "expired", Messages.Expired(code)),
        ["too-many"] = _ => new(RegistrationResult.RateLimited, "too-many", Messages.TooManyAttempts(null)),
        ["paused"] = _ => new(RegistrationResult.RateLimited, "paused", Messages.RegistrationPaused(null)),
    };

    /// <summary>True when the attendee is registered.</summary>
    public bool Succeeded => Result == RegistrationResult.Registered;

    /// <summary>Rebuilds an outcome from its key; null for an unknown key.</summary>
    public static RegistrationOutcome? FromKey(string key, string code) =>
        _byKey.TryGetValue(key, out var build) ? build(code) : null;

    /// <summary>The outcome of a store redemption.</summary>
    public static RegistrationOutcome FromRedeem(RedeemResult result, string codeText) => result.Status switch
    {
        RedeemStatus.Registered => new(RegistrationResult.Registered, "registered", Messages.Registered, result.Attendant),
        RedeemStatus.AlreadyUsed => FromKey("used", codeText)!,
        RedeemStatus.Revoked => FromKey("revoked", codeText)!,
        RedeemStatus.Expired => FromKey("expired", codeText)!,
        _ => FromKey("unknown", codeText)!,
    };

    /// <summary>The database is away; <paramref name="message"/> says so.</summary>
    public static RegistrationOutcome Unavailable(string message) => new(RegistrationResult.Unavailable, "unavailable", message);

    /// <summary>The outcome of an attempt the throttle refused.</summary>
    public static RegistrationOutcome Refused(bool serverWide, TimeSpan retryAfter) => serverWide
        ? new(RegistrationResult.RateLimited, "paused", Messages.RegistrationPaused(retryAfter)) { RetryAfter = retryAfter }
        : new(RegistrationResult.RateLimited, "too-many", Messages.TooManyAttempts(retryAfter)) { RetryAfter = retryAfter };

    private static RegistrationOutcome Invalid(string key, string message) => new(RegistrationResult.Invalid, key, message);
}
