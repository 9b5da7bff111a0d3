using System.Globalization;
using System.Text;

namespace RollCall.Server.Domain;

/// <summary>A registration request that passed validation.</summary>
/// <param name="FirstName">Trimmed and NFC-normalized.</param>
/// <param name="LastName">Trimmed and NFC-normalized.</param>
/// <param name="Code">The parsed code, or 0 when the text cannot be a code.</param>
/// <param name="CodeText">The code as the attendee typed it (trimmed), for messages.</param>
public sealed record RegistrationInput(string FirstName, string LastName, long Code, string CodeText);

/// <summary>Why a registration request breaks the rules.</summary>
public enum InputProblem
{
    /// <summary>A field is empty.</summary>
    FillAllFields,

    /// <summary>The code is longer than any code RollCall issues.</summary>
    CodeTooLong,

    /// <summary>The first name is longer than <see cref="RegistrationRules.MaxNameLength"/>.</summary>
    FirstNameTooLong,

    /// <summary>The last name is longer than <see cref="RegistrationRules.MaxNameLength"/>.</summary>
    LastNameTooLong,

    /// <summary>The first name holds control or invisible formatting characters.</summary>
    FirstNameControlCharacters,

    /// <summary>The last name holds control or invisible formatting characters.</summary>
    LastNameControlCharacters,

    /// <summary>The first name is not valid Unicode text.</summary>
    FirstNameInvalidText,

    /// <summary>The last name is not valid Unicode text.</summary>
    LastNameInvalidText,
}

/// <summary>The rules a registration must follow before it reaches the store.</summary>
public static class RegistrationRules
{
    /// <summary>The longest name accepted, in Unicode characters after trimming.</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// Checks and normalizes a registration; returns null and the problem when it is invalid.
    /// A code that is not a number is not a problem here: it is simply not a valid code,
    /// which the caller reports with the seed's message.
    /// </summary>
    public static RegistrationInput? Validate(string? firstName, string? lastName, string? code, out InputProblem problem)
    {
        var first = firstName?.Trim() ?? string.Empty;
        var last = lastName?.Trim() ?? string.Empty;
        var codeText = code?.Trim() ?? string.Empty;
        InputProblem? found;
        if (first.Length == 0 || last.Length == 0 || codeText.Length == 0)
        {
            found = InputProblem.FillAllFields;
        }
        else if (codeText.Length > RegistrationCode.MaxInputLength)
        {
            found = InputProblem.CodeTooLong;
        }
        else
        {
            found = CheckName(ref first, InputProblem.FirstNameTooLong, InputProblem.FirstNameControlCharacters, InputProblem.FirstNameInvalidText)
                ?? CheckName(ref last, InputProblem.LastNameTooLong, InputProblem.LastNameControlCharacters, InputProblem.LastNameInvalidText);
        }

        problem = found ?? default;
        if (found is not null)
        {
            return null;
        }

        var parsed = RegistrationCode.TryParse(codeText, out var number) ? number : 0;
        return new RegistrationInput(first, last, parsed, codeText);
    }

    private static InputProblem? CheckName(ref string name, InputProblem tooLong, InputProblem control, InputProblem invalid)
    {
        // Anything this long is rejected anyway; do not spend time normalizing it.
        if (name.Length > MaxNameLength * 4)
        {
            return tooLong;
        }

        if (!IsWellFormed(name))
        {
            return invalid;
        }

        name = name.Normalize(NormalizationForm.FormC);
        var length = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (IsForbidden(rune))
            {
                return control;
            }

            length++;
        }

        return length > MaxNameLength ? tooLong : null;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]) || text[i] == '\uFFFD')
            {
                // A lone surrogate, or the replacement character that decoders put where bytes were not UTF-8.
                return false;
            }
        }

        return true;
    }

    // Control characters, and the bidirectional overrides that can make a name display as
    // something else; joiners stay allowed because several scripts and emoji need them.
    private static bool IsForbidden(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control
        || rune.Value is >= 0x202A and <= 0x202E
        || rune.Value is >= 0x2066 and <= 0x2069
        || rune.Value is 0x2028 or 0x2029 or 0xFEFF;
}
