using RollCall.Matrix.Text;

namespace RollCall.Matrix.Tests;

public sealed class BitmapFontTests
{
    [Fact]
    public void TheFontDrawsEveryPrintableAsciiCharacter()
    {
        var printable = Enumerable.Range(0x20, 0x7F - 0x20).Select(code => (char)code);

        Assert.Equal(printable, BitmapFont.Default.Characters.Where(character => character < 0x80));
    }

    [Fact]
    public void EveryVisibleGlyphIsOneToFiveColumnsWideAndHasNoBlankEdges()
    {
        foreach (var character in BitmapFont.Default.Characters.Where(character => character != ' '))
        {
            var glyph = BitmapFont.Default.GetGlyph(character);

            Assert.Equal(character, glyph.Character);
            Assert.InRange(glyph.Width, 1, 5);
            Assert.NotEqual(0, glyph.Columns[0]);
            Assert.NotEqual(0, glyph.Columns[^1]);
        }
    }

    [Fact]
    public void TheCapitalHIsDrawnAsDesigned()
    {
        var glyph = BitmapFont.Default.GetGlyph('H');

        Assert.Equal(
            ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#", "....."],
            Draw(glyph));
    }

    [Fact]
    public void NarrowGlyphsAreTrimmedToTheirInk()
    {
        Assert.Equal(3, BitmapFont.Default.GetGlyph('i').Width);
        Assert.Equal(1, BitmapFont.Default.GetGlyph('.').Width);
        Assert.Equal(1, BitmapFont.Default.GetGlyph('!').Width);
        Assert.Equal(5, BitmapFont.Default.GetGlyph('W').Width);
        Assert.Equal(BitmapFont.SpaceWidth, BitmapFont.Default.GetGlyph(' ').Width);
    }

    [Theory]
    [InlineData('中')]
    [InlineData('\t')]
    [InlineData('\u007f')]
    [InlineData('☃')]
    public void CharactersWithoutAGlyphOrABaseLetterGetTheQuestionMark(char character) =>
        Assert.Same(BitmapFont.Default.GetGlyph('?'), BitmapFont.Default.GetGlyph(character));

    [Fact]
    public void WidthCountsGlyphsAndOneColumnBetweenThem()
    {
        Assert.Equal(0, BitmapFont.Default.MeasureWidth(""));
        Assert.Equal(5, BitmapFont.Default.MeasureWidth("H"));
        Assert.Equal(5 + 1 + 3, BitmapFont.Default.MeasureWidth("Hi"));
        Assert.Equal(BitmapFont.Default.MeasureWidth("a?b"), BitmapFont.Default.MeasureWidth("a😀b"));
    }

    [Fact]
    public void ASheetThatDefinesACharacterTwiceIsRejected()
    {
        const string sheet = """
            x     x
            #.... #....
            #.... #....
            #.... #....
            #.... #....
            #.... #....
            #.... #....
            #.... #....
            #.... #....
            """;

        Assert.Throws<FormatException>(() => BitmapFont.FromSheets([sheet]));
    }

    private static string[] Draw(Glyph glyph) =>
    [
        .. Enumerable.Range(0, BitmapFont.GlyphHeight)
            .Select(y => string.Concat(Enumerable.Range(0, glyph.Width).Select(x => glyph.IsLit(x, y) ? '#' : '.'))),
    ];
}
