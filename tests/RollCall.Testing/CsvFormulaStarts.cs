using Xunit;

namespace RollCall.Testing;

/// <summary>
/// Every character a spreadsheet may start a formula with, for the tests of both CSV exports (the
/// server's and the CLI's share one guard, and each side checks it with the same list).
/// </summary>
public static class CsvFormulaStarts
{
    /// <summary>The ASCII starts, their full-width forms (＝＋－＠), tab and carriage return.</summary>
    public static TheoryData<char> All { get; } = ['=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', '\t', '\r'];
}
