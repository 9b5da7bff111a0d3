using System.Text;

namespace RollCall.Server.Domain;

/// <summary>Why a code label is refused.</summary>
public enum LabelProblem
{
    /// <summary>Longer than <see cref="CodeLabel.MaxLength"/>.</summary>
    TooLong,

    /// <summary>Holds control characters.</summary>
    ControlCharacters,
}

/// <summary>The rules for the label organizers give codes (<c>speakers</c>, <c>sponsor-X</c>).</summary>
public static class CodeLabel
{
    /// <summary>The longest label accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// Trims and NFC-normalizes <paramref name="text"/>; an empty label is no label (null).
    /// Returns false with the problem when the label breaks a rule.
    /// </summary>
    public static bool TryNormalize(string? text, out string? label, out LabelProblem problem)
    {
        label = null;
        problem = default;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length > MaxLength)
        {
            problem = LabelProblem.TooLong;
            return false;
        }

        if (trimmed.Any(char.IsControl))
        {
            problem = LabelProblem.ControlCharacters;
            return false;
        }

        label = trimmed.Length == 0 ? null : trimmed.Normalize(NormalizationForm.FormC);
        return true;
    }
}
