namespace RollCall.Server.Domain;

/// <summary>
/// The human messages of the 2016 contract, word for word, and the new ones in the same voice.
/// The code inside a message is the attendee's own input: encode it for wherever it is shown.
/// </summary>
public static class Messages
{
    /// <summary>A field was empty.</summary>
    public const string FillAllFields = "Please fill all fields.";

    /// <summary>The registration succeeded.</summary>
    public const string Registered = "Successfully registered!";

    /// <summary>The code is longer than any code RollCall issues.</summary>
    public const string CodeTooLong = "The code is too long.";

    /// <summary>The code was redeemed before.</summary>
    public static string AlreadyUsed(string code) => $"The code {code} has already been used.";

    /// <summary>The code was never issued.</summary>
    public static string NotValid(string code) => $"The code {code} is not a valid code.";

    /// <summary>The code was revoked by an organizer.</summary>
    public static string Revoked(string code) => $"The code {code} has been revoked.";

    /// <summary>The code's event no longer takes registrations.</summary>
    public static string RegistrationClosed(string eventTitle) => $"Registration for {eventTitle} is closed.";

    /// <summary>The code expired before it was used.</summary>
    public static string Expired(string code) => $"The code {code} has expired.";

    /// <summary>A name is longer than allowed.</summary>
    public static string TooLong(string field, int max) => $"The {field} must be at most {max} characters.";

    /// <summary>A name holds control or invisible formatting characters.</summary>
    public static string ControlCharacters(string field) => $"The {field} must not contain control characters.";

    /// <summary>The client spent its budget of failed attempts.</summary>
    public static string TooManyAttempts(TimeSpan? retryAfter) =>
        $"Too many failed attempts. Please wait {Wait(retryAfter)} and try again.";

    /// <summary>The server paused registration after too many failed attempts from everyone.</summary>
    public static string RegistrationPaused(TimeSpan? retryAfter) =>
        $"Registration is paused after too many failed attempts. Please try again in {Wait(retryAfter)}.";

    /// <summary>A name is not valid Unicode text.</summary>
    public static string InvalidText(string field) => $"The {field} is not valid text.";

    /// <summary>The message for a broken input rule.</summary>
    public static string For(InputProblem problem) => problem switch
    {
        InputProblem.FillAllFields => FillAllFields,
        InputProblem.CodeTooLong => CodeTooLong,
        InputProblem.FirstNameTooLong => TooLong("first name", RegistrationRules.MaxNameLength),
        InputProblem.LastNameTooLong => TooLong("last name", RegistrationRules.MaxNameLength),
        InputProblem.FirstNameControlCharacters => ControlCharacters("first name"),
        InputProblem.LastNameControlCharacters => ControlCharacters("last name"),
        InputProblem.FirstNameInvalidText => InvalidText("first name"),
        _ => InvalidText("last name"),
    };

    private static string Wait(TimeSpan? retryAfter) => retryAfter is { } wait && wait > TimeSpan.Zero
        ? (wait.TotalSeconds <= 1 ? "a second" : $"{Math.Ceiling(wait.TotalSeconds):0} seconds")
        : "a minute";
}
