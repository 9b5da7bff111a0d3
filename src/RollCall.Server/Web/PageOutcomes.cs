using System.Globalization;
using Microsoft.Extensions.Localization;
using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Web;

/// <summary>
/// The registration page's one table of outcomes, in the visitor's language. Without JavaScript
/// the page posts its form and is redirected back (post/redirect/get), so the outcome travels as a
/// short key in the query (<c>/?result=used&amp;code=42</c>) and the page shows its message from that
/// key; the page's script gets the same message as JSON. The 2016 form keeps the English
/// <see cref="RegistrationOutcome.Message"/> of the contract.
/// </summary>
internal static class PageOutcomes
{
    /// <summary>
    /// The message the page shows for a key, with the code as the attendee typed it and the title of
    /// the event the page shows (a closed event's page names it); null for an unknown key.
    /// </summary>
    public static PageMessage? FromKey(string key, string code, IStringLocalizer<WebTexts> texts, string eventTitle = EventRules.DefaultTitle) => key switch
    {
        "registered" => new(true, texts["Registered"]),
        "fill" => Problem(InputProblem.FillAllFields, texts),
        "code-too-long" => Problem(InputProblem.CodeTooLong, texts),
        "first-too-long" => Problem(InputProblem.FirstNameTooLong, texts),
        "last-too-long" => Problem(InputProblem.LastNameTooLong, texts),
        "first-control" => Problem(InputProblem.FirstNameControlCharacters, texts),
        "last-control" => Problem(InputProblem.LastNameControlCharacters, texts),
        "first-invalid" => Problem(InputProblem.FirstNameInvalidText, texts),
        "last-invalid" => Problem(InputProblem.LastNameInvalidText, texts),
        "unknown" => new(false, texts["CodeNotValid", code]),
        "used" => new(false, texts["CodeAlreadyUsed", code]),
        "revoked" => new(false, texts["CodeRevoked", code]),
        "expired" => new(false, texts["CodeExpired", code]),
        "closed" => new(false, texts["RegistrationClosed", eventTitle]),
        "too-many" => new(false, texts["TooManyAttempts", Wait(null, texts)]),
        "paused" => new(false, texts["RegistrationPaused", Wait(null, texts)]),
        _ => null,
    };

    /// <summary>Every key <see cref="FromKey"/> knows, in the order of the table.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "registered", "fill", "code-too-long", "first-too-long", "last-too-long", "first-control", "last-control",
        "first-invalid", "last-invalid", "unknown", "used", "revoked", "expired", "closed", "too-many", "paused",
    ];

    /// <summary>The message of <paramref name="outcome"/> for the page's script, with the real wait of a refusal.</summary>
    public static PageMessage For(RegistrationOutcome outcome, IStringLocalizer<WebTexts> texts) => outcome switch
    {
        RegistrationOutcome.RateLimited { ServerWide: true } paused => new(false, texts["RegistrationPaused", Wait(paused.RetryAfter, texts)]),
        RegistrationOutcome.RateLimited limited => new(false, texts["TooManyAttempts", Wait(limited.RetryAfter, texts)]),
        RegistrationOutcome.Closed closed => new(false, texts["RegistrationClosed", closed.EventTitle]),
        RegistrationOutcome.UnknownCode or RegistrationOutcome.AlreadyUsed or RegistrationOutcome.Revoked or RegistrationOutcome.Expired
            => FromKey(Key(outcome), Code(outcome), texts)!,
        _ => FromKey(Key(outcome), string.Empty, texts)!,
    };

    /// <summary>The form field a message is about (<c>firstName</c>, <c>lastName</c>, <c>code</c>), so the script can focus it; null for none.</summary>
    public static string? Field(RegistrationOutcome outcome) => outcome switch
    {
        RegistrationOutcome.Invalid { Problem: InputProblem.FirstNameTooLong or InputProblem.FirstNameControlCharacters or InputProblem.FirstNameInvalidText } => "firstName",
        RegistrationOutcome.Invalid { Problem: InputProblem.LastNameTooLong or InputProblem.LastNameControlCharacters or InputProblem.LastNameInvalidText } => "lastName",
        RegistrationOutcome.Invalid { Problem: InputProblem.CodeTooLong } => "code",
        RegistrationOutcome.UnknownCode or RegistrationOutcome.AlreadyUsed or RegistrationOutcome.Revoked or RegistrationOutcome.Expired => "code",
        _ => null,
    };

    /// <summary>The key of an outcome, for the redirect: the metric reason of the outcome.</summary>
    public static string Key(RegistrationOutcome outcome) => outcome.Reason;

    /// <summary>
    /// Whether the redirect carries the typed code back, so the page can show it in its message: only
    /// for the messages that name it, about a code that cannot register (unknown, used, revoked,
    /// expired). Any other code stays out of the URL, which lands in access logs.
    /// </summary>
    public static bool CarriesCode(RegistrationOutcome outcome) =>
        outcome is RegistrationOutcome.UnknownCode or RegistrationOutcome.AlreadyUsed or RegistrationOutcome.Revoked or RegistrationOutcome.Expired;

    private static string Code(RegistrationOutcome outcome) => outcome switch
    {
        RegistrationOutcome.UnknownCode o => o.Code,
        RegistrationOutcome.AlreadyUsed o => o.Code,
        RegistrationOutcome.Revoked o => o.Code,
        RegistrationOutcome.Expired o => o.Code,
        _ => string.Empty,
    };

    private static PageMessage Problem(InputProblem problem, IStringLocalizer<WebTexts> texts) => new(false, problem switch
    {
        InputProblem.FillAllFields => texts["FillAllFields"],
        InputProblem.CodeTooLong => texts["CodeTooLong"],
        InputProblem.FirstNameTooLong => texts["FirstNameTooLong", RegistrationRules.MaxNameLength],
        InputProblem.LastNameTooLong => texts["LastNameTooLong", RegistrationRules.MaxNameLength],
        InputProblem.FirstNameControlCharacters => texts["FirstNameControlCharacters"],
        InputProblem.LastNameControlCharacters => texts["LastNameControlCharacters"],
        InputProblem.FirstNameInvalidText => texts["FirstNameInvalidText"],
        _ => texts["LastNameInvalidText"],
    });

    // As the 2016 voice says it: "a second", "12 seconds", "a minute" when the wait is not known.
    private static string Wait(TimeSpan? retryAfter, IStringLocalizer<WebTexts> texts) => retryAfter is { } wait && wait > TimeSpan.Zero
        ? (wait.TotalSeconds <= 1 ? texts["WaitASecond"] : texts["WaitSeconds", Math.Ceiling(wait.TotalSeconds).ToString("0", CultureInfo.CurrentCulture)])
        : texts["WaitAMinute"];
}

/// <summary>A message the page shows under its form.</summary>
/// <param name="Succeeded">True for the success message.</param>
/// <param name="Text">The message.</param>
public sealed record PageMessage(bool Succeeded, string Text);
