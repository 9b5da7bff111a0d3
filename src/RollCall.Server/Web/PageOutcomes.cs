using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Web;

/// <summary>
/// The registration page's one table of outcomes. Without JavaScript the page posts its form and is
/// redirected back (post/redirect/get), so the outcome travels as a short key in the query
/// (<c>/?result=used&amp;code=42</c>) and the page shows its message from that key.
/// </summary>
internal static class PageOutcomes
{
    /// <summary>The message the page shows for a key, with the code as the attendee typed it; null for an unknown key.</summary>
    public static PageMessage? FromKey(string key, string code) => key switch
    {
        "registered" => new(true, Messages.Registered),
        "fill" => Problem(InputProblem.FillAllFields),
        "code-too-long" => Problem(InputProblem.CodeTooLong),
        "first-too-long" => Problem(InputProblem.FirstNameTooLong),
        "last-too-long" => Problem(InputProblem.LastNameTooLong),
        "first-control" => Problem(InputProblem.FirstNameControlCharacters),
        "last-control" => Problem(InputProblem.LastNameControlCharacters),
        "first-invalid" => Problem(InputProblem.FirstNameInvalidText),
        "last-invalid" => Problem(InputProblem.LastNameInvalidText),
        "unknown" => new(false, Messages.NotValid(code)),
        "used" => new(false, Messages.AlreadyUsed(code)),
        "revoked" => new(false, Messages.Revoked(code)),
        "expired" => new(false, Messages.Expired(code)),
        "too-many" => new(false, Messages.TooManyAttempts(null)),
        "paused" => new(false, Messages.RegistrationPaused(null)),
        _ => null,
    };

    /// <summary>The key of an outcome, for the redirect: the metric reason of the outcome.</summary>
    public static string Key(RegistrationOutcome outcome) => outcome.Reason;

    /// <summary>Whether the redirect carries the typed code back, so the page can show it in its message.</summary>
    public static bool CarriesCode(RegistrationOutcome outcome) => outcome is not (RegistrationOutcome.Registered or RegistrationOutcome.Invalid);

    private static PageMessage Problem(InputProblem problem) => new(false, Messages.For(problem));
}

/// <summary>A message the page shows under its form.</summary>
/// <param name="Succeeded">True for the success message.</param>
/// <param name="Text">The message.</param>
public sealed record PageMessage(bool Succeeded, string Text);
