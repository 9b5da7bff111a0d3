using RollCall.Testing;

namespace RollCall.Cli.Tests;

/// <summary>
/// The CLI's CSV output defuses the same formula starts as the server's export, through the one
/// shared guard (the server tests check them from their side).
/// </summary>
public sealed class CsvTests
{
    [Theory]
    [MemberData(nameof(CsvFormulaStarts.All), MemberType = typeof(CsvFormulaStarts))]
    public void ACellStartingAFormulaGetsAnApostropheInTheClisCsv(char start) =>
        Assert.StartsWith("'" + start, Csv.Escape(start + "HYPERLINK(1)").TrimStart('"'));

    [Fact]
    public void OrdinaryTextIsLeftAsItIs() => Assert.Equal("O'Brien", Csv.Escape("O'Brien"));
}
