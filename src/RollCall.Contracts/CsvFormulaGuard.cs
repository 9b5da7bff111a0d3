namespace RollCall.Contracts;

/// <summary>
/// The one guard against spreadsheet formula injection, shared by the server's CSV export and the
/// CLI's: a text cell that starts with a character a spreadsheet reads as the start of a formula
/// (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, their full-width forms <c>＝＋－＠</c>, which some
/// spreadsheets fold to the ASCII ones, a tab or a carriage return) gets a leading apostrophe, so it
/// stays text. Quoting is left to the caller.
/// </summary>
public static class CsvFormulaGuard
{
    /// <summary>The characters that make a cell a formula when it starts with one of them.</summary>
    public const string FormulaStarts = "=+-@\uFF1D\uFF0B\uFF0D\uFF20\t\r";

    /// <summary><paramref name="text"/>, with an apostrophe in front when it would start a formula.</summary>
    public static string Defuse(string text) =>
        text.Length > 0 && FormulaStarts.Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;
}
