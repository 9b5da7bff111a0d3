using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace RollCall.Server.Web;

/// <summary>
/// The languages of the pages, bound from the <c>Localization</c> section. A third language is one
/// more <c>Web/Resources/WebTexts.xx.resx</c> and its name added to <see cref="Languages"/>.
/// </summary>
public sealed class RollCallLocalizationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Localization";

    /// <summary>The language of a visitor who chose none and whose browser names none of <see cref="Languages"/>.</summary>
    [Required]
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>The languages the pages are written in, comma-separated neutral names (<c>en,es</c>).</summary>
    [Required]
    public string Languages { get; set; } = "en,es";

    /// <summary>The cultures of <see cref="Languages"/>, in order, without duplicates.</summary>
    public IReadOnlyList<CultureInfo> Cultures() =>
        [.. Languages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(CultureInfo.GetCultureInfo)
            .Distinct()];

    /// <summary>True when every language is a known culture and the default is one of them.</summary>
    public bool IsValid()
    {
        try
        {
            var cultures = Cultures();
            return cultures.Count > 0 && cultures.Any(c => string.Equals(c.Name, DefaultLanguage, StringComparison.OrdinalIgnoreCase));
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
