using RollCall.Server.Web;
using RollCall.Testing;

namespace RollCall.Server.Tests.Web;

/// <summary>
/// The server's CSV export defuses every character a spreadsheet starts a formula with, through the
/// guard it shares with the CLI's export (the CLI tests check the same characters from their side).
/// </summary>
public sealed class CsvFormulaGuardTests
{
    [Theory]
    [MemberData(nameof(CsvFormulaStarts.All), MemberType = typeof(CsvFormulaStarts))]
    public void ACellStartingAFormulaGetsAnApostropheInTheServersExport(char start) =>
        Assert.Equal("\"'" + start + "HYPERLINK(1)\"", AttendeeCsv.Cell(start + "HYPERLINK(1)"));

    [Theory]
    [InlineData("Ada")]
    [InlineData("O'Brien")]
    [InlineData("")]
    [InlineData("1+2")]
    public void OrdinaryTextIsOnlyQuoted(string text) =>
        Assert.Equal("\"" + text + "\"", AttendeeCsv.Cell(text));
}
