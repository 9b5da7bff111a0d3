using RollCall.Matrix.Text;

namespace RollCall.Matrix.Tests;

/// <summary>
/// docs/font.png shows every glyph for review. The test fails when the picture no longer matches
/// the font; with ROLLCALL_UPDATE_DOCS=1 it draws the picture again instead.
/// </summary>
public sealed class FontChartTests
{
    [Fact]
    public void TheFontChartInTheDocsShowsTheFontAsItIs()
    {
        var path = RepositoryFolder.File("docs", "font.png");
        var chart = FontChart.Draw(BitmapFont.Default);
        if (Environment.GetEnvironmentVariable("ROLLCALL_UPDATE_DOCS") == "1")
        {
            File.WriteAllBytes(path, chart);
        }

        const string update = "ROLLCALL_UPDATE_DOCS=1 dotnet test tests/RollCall.Matrix.Tests --filter FontChartTests";
        Assert.True(File.Exists(path), $"docs/font.png is missing; draw it with {update}");

        // Pixels, not bytes: another zlib may compress the same picture differently.
        var expected = new PngReader(chart);
        var actual = new PngReader(File.ReadAllBytes(path));
        Assert.True(
            (actual.Width, actual.Height) == (expected.Width, expected.Height) && actual.Scanlines.SequenceEqual(expected.Scanlines),
            $"docs/font.png is out of date; draw it again with {update}");
    }
}
