using System.Globalization;

namespace RollCall.Server.Application;

/// <summary>
/// The audit trail, in its own log category (<see cref="Category"/>) with stable event ids, so
/// operators can route it apart from the rest. It names admin tokens, never their values, and
/// never writes a full code: issued codes are counted, redeemed and revoked codes are masked.
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggerFactory)
{
    /// <summary>The log category of every audit event.</summary>
    public const string Category = "RollCall.Audit";

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    /// <summary>A code with all but its last two digits masked: <c>*******93</c>.</summary>
    public static string Mask(long code)
    {
        var text = code.ToString(CultureInfo.InvariantCulture);
        return text.Length <= 2 ? new string('*', text.Length) : new string('*', text.Length - 2) + text[^2..];
    }

    /// <summary>Codes were minted.</summary>
    public void CodesIssued(int count, string? label, string tokenName, DateTimeOffset? expiresAt, string eventSlug) =>
        LogCodesIssued(_logger, count, eventSlug, label ?? string.Empty, tokenName, expiresAt);

    /// <summary>A code was revoked.</summary>
    public void CodeRevoked(long code, long? cancelledAttendant, string tokenName)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var masked = Mask(code);
            LogCodeRevoked(_logger, masked, cancelledAttendant ?? 0, tokenName);
        }
    }

    /// <summary>An attendee registered.</summary>
    public void Registered(long number, long code, string client)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var masked = Mask(code);
            LogRegistered(_logger, number, masked, client);
        }
    }

    /// <summary>A client spent its whole failed-registration budget.</summary>
    public void RegistrationBudgetSpent(string client, int failures, int windowSeconds) =>
        LogRegistrationBudgetSpent(_logger, client, failures, windowSeconds);

    [LoggerMessage(EventId = 1001, EventName = "CodesIssued", Level = LogLevel.Information,
        Message = "Issued {Count} codes for event '{Event}' (label '{Label}', expiry {ExpiresAt}) with admin token '{TokenName}'")]
    private static partial void LogCodesIssued(ILogger logger, int count, string @event, string label, string tokenName, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 1002, EventName = "CodeRevoked", Level = LogLevel.Information,
        Message = "Revoked code {MaskedCode} (cancelled registration #{CancelledAttendant}, 0 for none) with admin token '{TokenName}'")]
    private static partial void LogCodeRevoked(ILogger logger, string maskedCode, long cancelledAttendant, string tokenName);

    [LoggerMessage(EventId = 1003, EventName = "Registered", Level = LogLevel.Information,
        Message = "Registered attendee #{Number} with code {MaskedCode} from {Client}")]
    private static partial void LogRegistered(ILogger logger, long number, string maskedCode, string client);

    [LoggerMessage(EventId = 1010, EventName = "RegistrationBudgetSpent", Level = LogLevel.Warning,
        Message = "Client {Client} made {Failures} failed registrations within {WindowSeconds} s; further attempts get 429 / RESOURCE_EXHAUSTED until its budget refills")]
    private static partial void LogRegistrationBudgetSpent(ILogger logger, string client, int failures, int windowSeconds);

    [LoggerMessage(EventId = 1011, EventName = "RegistrationPaused", Level = LogLevel.Warning,
        Message = "More than {Failures} failed registrations from all clients within {WindowSeconds} s: registration pauses for {PauseSeconds} s")]
    public partial void RegistrationPaused(int failures, int windowSeconds, int pauseSeconds);

    [LoggerMessage(EventId = 1012, EventName = "RegistrationResumed", Level = LogLevel.Information,
        Message = "Registration resumed after the pause for too many failed attempts")]
    public partial void RegistrationResumed();

    [LoggerMessage(EventId = 1020, EventName = "AdminAuthFailed", Level = LogLevel.Warning,
        Message = "Rejected an admin call to {Method} from {Client}: {Reason} (token name '{TokenName}')")]
    public partial void AdminAuthFailed(string method, string client, string reason, string tokenName);

    [LoggerMessage(EventId = 1021, EventName = "AdminAuthRateLimited", Level = LogLevel.Warning,
        Message = "Refused an admin call to {Method} from {Client}: too many wrong admin tokens from this address; further refusals within {WindowSeconds} s are counted and summarized")]
    public partial void AdminAuthRateLimited(string method, string client, int windowSeconds);

    [LoggerMessage(EventId = 1022, EventName = "AdminAuthRefusalsSummarized", Level = LogLevel.Warning,
        Message = "Refused {Count} more admin calls from {Client} within {WindowSeconds} s for too many wrong admin tokens; only the first was logged")]
    public partial void AdminAuthRefusalsSummarized(string client, long count, int windowSeconds);

    [LoggerMessage(EventId = 1023, EventName = "AdminAuthServerWideLimited", Level = LogLevel.Warning,
        Message = "More than {Failures} wrong admin tokens from all clients within {WindowSeconds} s: wrong admin tokens from every address get 429 / RESOURCE_EXHAUSTED until the budget refills (the right token still works)")]
    public partial void AdminAuthServerWideLimited(int failures, int windowSeconds);

    [LoggerMessage(EventId = 1030, EventName = "AdminTokenCreated", Level = LogLevel.Information,
        Message = "Created admin token '{TokenName}' with admin token '{ByTokenName}'")]
    public partial void TokenCreated(string tokenName, string byTokenName);

    [LoggerMessage(EventId = 1031, EventName = "AdminTokenRotated", Level = LogLevel.Information,
        Message = "Rotated admin token '{TokenName}' with admin token '{ByTokenName}'")]
    public partial void TokenRotated(string tokenName, string byTokenName);

    [LoggerMessage(EventId = 1032, EventName = "AdminTokenRevoked", Level = LogLevel.Information,
        Message = "Revoked admin token '{TokenName}' with admin token '{ByTokenName}'")]
    public partial void TokenRevoked(string tokenName, string byTokenName);

    [LoggerMessage(EventId = 1033, EventName = "BootstrapTokenCreated", Level = LogLevel.Warning,
        Message = "Created a new admin token in {TokenFile} (mode 0600); the rollcall CLI reads it from there")]
    public partial void BootstrapTokenCreated(string tokenFile);

    [LoggerMessage(EventId = 1040, EventName = "EventCreated", Level = LogLevel.Information,
        Message = "Created event '{Slug}' ('{Title}') with admin token '{TokenName}'")]
    public partial void EventCreated(string slug, string title, string tokenName);

    [LoggerMessage(EventId = 1041, EventName = "EventChanged", Level = LogLevel.Information,
        Message = "Changed {Fields} of event '{Slug}' with admin token '{TokenName}'")]
    public partial void EventChanged(string slug, string fields, string tokenName);

    [LoggerMessage(EventId = 1042, EventName = "EventStateChanged", Level = LogLevel.Information,
        Message = "Event '{Slug}' is now {State} (admin token '{TokenName}')")]
    public partial void EventStateChanged(string slug, Domain.EventState state, string tokenName);

    [LoggerMessage(EventId = 1043, EventName = "CurrentEventChanged", Level = LogLevel.Information,
        Message = "Event '{Slug}' is now current (admin token '{TokenName}')")]
    public partial void CurrentEventChanged(string slug, string tokenName);

    [LoggerMessage(EventId = 1044, EventName = "NamesForgotten", Level = LogLevel.Warning,
        Message = "Erased the names of {Count} attendees of event '{Slug}' for good ({Reason})")]
    public partial void NamesForgotten(string slug, int count, string reason);
}
