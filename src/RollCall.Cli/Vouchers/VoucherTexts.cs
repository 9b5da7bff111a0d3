using System.Globalization;
using System.Resources;

namespace RollCall.Cli.Vouchers;

/// <summary>
/// The voucher sheet's texts in one language: <c>VoucherTexts.resx</c> (English, the neutral
/// language) and <c>VoucherTexts.es.resx</c> beside this file. Another language is one more
/// <c>VoucherTexts.xx.resx</c> and its name in <see cref="VoucherSheet.Languages"/>.
/// </summary>
public sealed class VoucherTexts
{
    private static readonly ResourceManager _resources = new(typeof(VoucherTexts).FullName!, typeof(VoucherTexts).Assembly);
    private readonly CultureInfo _culture;

    /// <summary>The texts of <paramref name="language"/> (en, es); English for a language without texts.</summary>
    public VoucherTexts(string language)
    {
        _culture = CultureInfo.GetCultureInfo(language);
        Language = language;
    }

    /// <summary>The language, a BCP 47 tag for the sheet's <c>lang</c>.</summary>
    public string Language { get; }

    /// <summary>The text named <paramref name="name"/>, with <paramref name="arguments"/> formatted in (dates and numbers as the text's own format says).</summary>
    public string this[string name, params object[] arguments]
    {
        get
        {
            var format = _resources.GetString(name, _culture) ?? throw new InvalidOperationException($"The voucher text {name} is missing.");
            // The CLI runs without ICU data: formats come from the texts themselves, not from the culture.
            return arguments.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, arguments);
        }
    }

    /// <summary>The names of every text, as the English (neutral) resources hold them.</summary>
    internal static IReadOnlyList<string> Names() =>
        [.. _resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>()
            .Select(entry => (string)entry.Key)];

    /// <summary>Whether <paramref name="name"/> has a text of this language itself, not only the English one it would fall back to.</summary>
    public bool HasOwnText(string name) =>
        _resources.GetResourceSet(_culture, createIfNotExists: true, tryParents: false)?.GetString(name) is not null;
}
