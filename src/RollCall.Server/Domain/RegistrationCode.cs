using System.Globalization;

namespace RollCall.Server.Domain;

/// <summary>Parses and formats one-time codes: positive decimal integers of up to 18 digits.</summary>
public static class RegistrationCode
{
    /// <summary>The longest code text accepted before it is rejected as too long.</summary>
    public const int MaxInputLength = 32;

    /// <summary>The most digits a code can have.</summary>
    public const int MaxDigits = 18;

    /// <summary>Reads a code typed by a person; false when it cannot be a code RollCall issued.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long code)
    {
        code = 0;
        if (text.IsEmpty || text.Length > MaxDigits)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code) && code > 0;
    }

    /// <summary>The code as the decimal string handed to attendees.</summary>
    public static string Format(long code) => code.ToString(CultureInfo.InvariantCulture);
}
