using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RollCall.Matrix.Text;

namespace RollCall.Matrix.Tests;

public sealed class LatinFontTests
{
    private static readonly BitmapFont _font = BitmapFont.Default;

    private static readonly char[] _latin1AndExtendedA = [.. Enumerable.Range(0xA1, 0x180 - 0xA1).Select(code => (char)code)];

    public static TheoryData<char> Latin1AndExtendedA => [.. _latin1AndExtendedA];

    // Letters whose mark Unicode does not decompose (a stroke, a bar, a missing dot), or that are
    // easily taken for another letter, each with the letter it must not look like.
    public static TheoryData<char, char> LookAlikes => new()
    {
        { 'ł', 'l' }, { 'Ł', 'L' }, { 'đ', 'd' }, { 'Đ', 'D' }, { 'Ð', 'D' }, { 'ð', 'd' }, { 'ð', 'o' },
        { 'ħ', 'h' }, { 'Ħ', 'H' }, { 'ŧ', 't' }, { 'Ŧ', 'T' }, { 'ı', 'i' }, { 'ø', 'o' }, { 'Ø', 'O' },
        { 'Ø', '0' }, { 'ŀ', 'l' }, { 'Ŀ', 'L' }, { 'ŉ', 'n' }, { 'ŋ', 'n' }, { 'Ŋ', 'N' }, { 'ĸ', 'k' },
        { 'ſ', 'f' }, { 'ſ', 'l' }, { 'ß', 'B' }, { 'æ', 'a' }, { 'Æ', 'A' }, { 'œ', 'o' }, { 'Œ', 'O' },
        { 'þ', 'p' }, { 'þ', 'b' }, { 'Þ', 'P' }, { 'ĳ', 'i' }, { 'Ĳ', 'I' }, { '¡', '!' }, { '¡', 'i' },
        { '¿', '?' }, { '×', 'x' }, { 'ª', 'a' }, { 'º', 'o' }, { 'µ', 'u' }, { '¦', '|' }, { '´', '\'' },
        { 'Ö', 'ö' }, { 'Ü', 'ü' }, { 'Ä', 'ä' }, { 'Ï', 'ï' },
    };

    [Theory]
    [MemberData(nameof(Latin1AndExtendedA))]
    public void EveryLatin1AndLatinExtendedACharacterHasAGlyphOfItsOwn(char character)
    {
        var glyph = _font.GetGlyph(character);

        Assert.Equal(character, glyph.Character);
        Assert.Contains(character, _font.Characters);
        Assert.InRange(glyph.Width, 1, 5);
        Assert.NotEqual(0, glyph.Columns[0]);
        Assert.NotEqual(0, glyph.Columns[^1]);
    }

    [Fact]
    public void EveryLetterWithAMarkDiffersFromItsBaseLetter()
    {
        var marked = _latin1AndExtendedA
            .Select(character => (Character: character, Base: CanonicalDecompositions.BaseOf(character)))
            .Where(pair => pair.Base != pair.Character)
            .ToList();

        Assert.Equal(161, marked.Count);
        foreach (var (character, baseLetter) in marked)
        {
            Assert.False(
                Draws(character).SequenceEqual(Draws(baseLetter)),
                $"'{character}' is drawn exactly like its base letter '{baseLetter}'.");
        }
    }

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void ALetterWithAStrokeOrAShapeOfItsOwnDiffersFromTheLetterItResembles(char character, char other) =>
        Assert.False(Draws(character).SequenceEqual(Draws(other)), $"'{character}' is drawn exactly like '{other}'.");

    [Fact]
    public void NoTwoGlyphsAreAlikeButAShortCapitalOfOSWOrZAndItsLowercaseAndEthAndDWithStroke()
    {
        var alike = _font.Characters
            .Where(character => !FontSheets.Aliases.ContainsKey(character))
            .GroupBy(character => Convert.ToHexString(_font.GetGlyph(character).Columns))
            .Where(group => group.Count() > 1)
            .Select(group => string.Concat(group))
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            ["ÐĐ", "Òò", "Óó", "Ôô", "Õõ", "Ōō", "Ŏŏ", "Őő", "Śś", "Ŝŝ", "Šš", "Ŵŵ", "Źź", "Żż", "Žž"],
            alike);
    }

    [Fact]
    public void TheAsciiGlyphsAreTheOnesTheFontHadBeforeItLearntLatin()
    {
        var ascii = string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(code => (char)code));

        var columns = _font.RenderColumns(ascii);

        Assert.Equal(514, columns.Length);
        Assert.Equal("91fbd72500684273885213f28a5a0903e28344adb9f46f09cb6df72cea674eb8", Convert.ToHexStringLower(SHA256.HashData(columns)));
    }

    [Theory]
    [InlineData('é', new byte[] { 0x38, 0x54, 0x56, 0x55, 0x18 })]
    [InlineData('ñ', new byte[] { 0x7D, 0x0A, 0x05, 0x05, 0x78 })]
    [InlineData('Ñ', new byte[] { 0x7D, 0x0A, 0x11, 0x21, 0x7C })]
    [InlineData('ł', new byte[] { 0x49, 0x7F, 0x44 })]
    [InlineData('ß', new byte[] { 0x7E, 0x01, 0x49, 0x56, 0x20 })]
    [InlineData('ő', new byte[] { 0x38, 0x46, 0x45, 0x46, 0x39 })]
    [InlineData('ç', new byte[] { 0x38, 0x44, 0xC4, 0xC4, 0x20 })]
    [InlineData('Ö', new byte[] { 0x3D, 0x42, 0x42, 0x42, 0x3D })]
    [InlineData('¡', new byte[] { 0xFA })]
    [InlineData('¿', new byte[] { 0x60, 0x90, 0x8A, 0x80, 0x40 })]
    [InlineData('€', new byte[] { 0x14, 0x3E, 0x55, 0x55, 0x41 })]
    public void NewGlyphsAreDrawnAsDesigned(char character, byte[] columns) =>
        Assert.Equal(columns, _font.GetGlyph(character).Columns.ToArray());

    [Fact]
    public void TheAcuteSitsAboveTheXHeightOfTheLowercaseE()
    {
        Assert.Equal(
            ["...#.", "..#..", ".###.", "#...#", "#####", "#....", ".###.", "....."],
            Rows(_font.GetGlyph('é')));
        Assert.Equal(Rows(_font.GetGlyph('e'))[2..], Rows(_font.GetGlyph('é'))[2..]);
    }

    [Fact]
    public void SpacesOfEveryKindAreDrawnAsASpace()
    {
        Assert.Same(_font.GetGlyph(' '), _font.GetGlyph('\u00A0'));
        Assert.Same(_font.GetGlyph(' '), _font.GetGlyph('\u2009'));
        Assert.Same(_font.GetGlyph(' '), _font.GetGlyph('\u202F'));
        Assert.Equal(_font.RenderColumns("a b"), _font.RenderColumns("a\u00A0b"));
    }

    [Theory]
    [InlineData('\u00AD', '-')]
    [InlineData('\u2013', '-')]
    [InlineData('\u2014', '-')]
    [InlineData('\u2019', '\'')]
    [InlineData('\u0219', 'ş')]
    [InlineData('\u021A', 'Ţ')]
    [InlineData('\u1E9E', 'ß')]
    public void AnAliasHasAGlyphOfItsOwnDrawnLikeAnotherCharacter(char alias, char like)
    {
        var glyph = _font.GetGlyph(alias);

        Assert.Equal(alias, glyph.Character);
        Assert.Equal(_font.GetGlyph(like).Columns.ToArray(), glyph.Columns.ToArray());
    }

    [Theory]
    [InlineData('ǎ', 'a')] // Latin Extended-B
    [InlineData('Ǻ', 'A')] // a ring and an acute: every mark goes
    [InlineData('Ǿ', 'Ø')] // the base letter is one the font draws as itself
    [InlineData('Ơ', 'O')] // O with horn, Vietnamese
    [InlineData('ǘ', 'u')]
    [InlineData('ạ', 'a')] // Latin Extended Additional
    [InlineData('ễ', 'e')]
    [InlineData('ḱ', 'k')]
    [InlineData('ẞ', 'ß')] // an alias rather than a decomposition
    [InlineData('\u212B', 'Å')] // ANGSTROM SIGN is Å itself
    [InlineData('\u212A', 'K')] // KELVIN SIGN
    public void ALetterWithoutAGlyphIsDrawnAsItsBaseLetter(char character, char drawnAs) =>
        Assert.Equal(_font.GetGlyph(drawnAs).Columns.ToArray(), _font.GetGlyph(character).Columns.ToArray());

    [Theory]
    [InlineData("中")] // CJK
    [InlineData("あ")]
    [InlineData("Ж")] // Cyrillic
    [InlineData("й")] // и with a breve: its base letter is not one the font draws either
    [InlineData("ά")] // Greek
    [InlineData("😀")] // outside the BMP: one rune, one ?
    [InlineData("\U0001D400")] // MATHEMATICAL BOLD CAPITAL A, which only compatibility decomposition makes an A
    [InlineData("≠")] // = with a negation must not fall back to =
    public void ACharacterOfAnotherScriptOrAnEmojiIsOneQuestionMark(string text)
    {
        Assert.Equal(_font.RenderColumns("?"), _font.RenderColumns(text));
        Assert.Equal(_font.MeasureWidth("?"), _font.MeasureWidth(text));
    }

    [Theory]
    [InlineData("e\u0301", "é")]
    [InlineData("N\u0303", "Ñ")]
    [InlineData("Jose\u0301 Nu\u0301n\u0303ez", "José Núñez")]
    [InlineData("A\u030A", "Å")]
    [InlineData("A\u030A\u0301", "Ǻ")] // Å and then an acute make Ǻ, drawn as its base letter A
    [InlineData("a\u030C", "a")] // ǎ, composed and then drawn as its base letter
    [InlineData("q\u0301", "q")] // no q with acute: the mark is dropped, not drawn as ?
    [InlineData("\u0301x", "x")] // a mark with no letter before it
    [InlineData("\u212B", "Å")]
    [InlineData("😀\u0301", "?")]
    public void ALetterAndItsCombiningMarksAreDrawnAsTheComposedLetter(string text, string composed)
    {
        Assert.Equal(_font.RenderColumns(composed), _font.RenderColumns(text));
        Assert.Equal(_font.MeasureWidth(composed), _font.MeasureWidth(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0301")]
    [InlineData("Welcome José Núñez!")]
    [InlineData("Jose\u0301 Nu\u0301n\u0303ez 中 😀 ǎ\u00A0ß")]
    public void TheMeasuredWidthIsTheWidthOfTheRenderedColumns(string text) =>
        Assert.Equal(_font.RenderColumns(text).Length, _font.MeasureWidth(text));

    [Fact]
    public void JoseNunezScrollsWithEveryAccent()
    {
        var accented = TextScroller.Frames("José Núñez", Rgb.Red);

        Assert.NotEqual(TextScroller.Frames("Jose Nunez", Rgb.Red), accented);
        Assert.NotEqual(TextScroller.Frames("Jos? N??ez", Rgb.Red), accented);
        Assert.Equal(TextScroller.Frames("Jose\u0301 Nu\u0301n\u0303ez", Rgb.Red), accented);

        // Each accented letter is as wide as its base letter, and they are the only glyphs that change.
        Assert.Equal(_font.MeasureWidth("Jose Nunez"), _font.MeasureWidth("José Núñez"));
        var changed = "José Núñez".Zip("Jose Nunez").Where(pair => !Draws(pair.First).SequenceEqual(Draws(pair.Second)));
        Assert.Equal("éúñ", string.Concat(changed.Select(pair => pair.First)));
    }

    [Fact]
    public void TheDecompositionTableAgreesWithDotNetsNormalization()
    {
        Assert.True("e\u0301".Normalize() == "é", "This test needs ICU: it cannot run with invariant globalization.");
        var drawn = _font.Characters.ToHashSet();
        var expected = new SortedSet<char>();
        for (var code = 0; code <= 0xFFFF; code++)
        {
            var character = (char)code;
            // Unassigned code points (noncharacters among them) are not Unicode text: Normalize rejects them.
            if (char.IsSurrogate(character) || IsMark(character)
                || CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            var nfd = character.ToString().Normalize(NormalizationForm.FormD);
            if (nfd != character.ToString() && drawn.Contains(nfd[0]) && !nfd.Contains('\u0338', StringComparison.Ordinal))
            {
                expected.Add(character);
            }
        }

        Assert.Equal(expected, CanonicalDecompositions.All.Keys.Order());
        foreach (var (character, decomposition) in CanonicalDecompositions.All)
        {
            var nfd = character.ToString().Normalize(NormalizationForm.FormD);
            Assert.Equal(nfd, FullyDecomposed(character));
            Assert.Equal(nfd[0], CanonicalDecompositions.BaseOf(character));
            Assert.Equal(character.ToString().Normalize(NormalizationForm.FormC), Composed(character));
            if (decomposition.Length == 2)
            {
                Assert.True(CanonicalDecompositions.TryCompose(decomposition[0], decomposition[1], out var composed));
                Assert.Equal(character, composed);
            }
        }
    }

    // What NFC makes of a character: itself, or what a singleton stands for.
    private static string Composed(char character) =>
        CanonicalDecompositions.TryGetSingleton(character, out var equivalent) ? Composed(equivalent) : character.ToString();

    private static string FullyDecomposed(char character) =>
        CanonicalDecompositions.All.TryGetValue(character, out var decomposition)
            ? FullyDecomposed(decomposition[0]) + decomposition[1..]
            : character.ToString();

    private static bool IsMark(char character) => CharUnicodeInfo.GetUnicodeCategory(character)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static byte[] Draws(char character) => _font.GetGlyph(character).Columns.ToArray();

    private static string[] Rows(Glyph glyph) =>
    [
        .. Enumerable.Range(0, BitmapFont.GlyphHeight)
            .Select(y => string.Concat(Enumerable.Range(0, glyph.Width).Select(x => glyph.IsLit(x, y) ? '#' : '.'))),
    ];
}
