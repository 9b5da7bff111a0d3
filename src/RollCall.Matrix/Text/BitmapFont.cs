using System.Globalization;
using System.Text;

namespace RollCall.Matrix.Text;

/// <summary>
/// A proportional bitmap font, 8 pixels tall and up to 5 wide, for the 8x8 matrix. The default
/// font draws printable ASCII, Latin-1 Supplement and Latin Extended-A (the letters of the
/// European languages written in Latin script), typographic quotes and dashes, and the euro sign.
/// </summary>
/// <remarks>
/// <para>A character without a glyph of its own is drawn as its base letter, the character that
/// its Unicode canonical decomposition starts with (<c>ǎ</c> and <c>ạ</c> as <c>a</c>,
/// <c>Ǻ</c> as <c>A</c>; U+212B ANGSTROM SIGN, which is <c>Å</c> itself, as <c>Å</c>); any space,
/// such as the no-break space, as a space; anything else (control characters, other scripts,
/// emoji) as <c>?</c>, once per code point, so an emoji outside the BMP is one <c>?</c>.</para>
/// <para>Text is composed before it is drawn, as NFC would: a combining mark after a letter
/// makes the precomposed letter (<c>e</c> + U+0301 draws <c>é</c>). A mark that composes with
/// nothing is dropped rather than drawn as <c>?</c>, since the letter it belongs to is drawn
/// already. This runs on the font's own table (<see cref="CanonicalDecompositions"/>), not on
/// <see cref="string.Normalize()"/>, which does nothing under invariant globalization.</para>
/// </remarks>
public sealed class BitmapFont
{
    /// <summary>Rows in every glyph: the full height of the matrix.</summary>
    public const int GlyphHeight = 8;

    /// <summary>Columns a space takes.</summary>
    public const int SpaceWidth = 3;

    /// <summary>Blank columns between two glyphs of a line.</summary>
    public const int LetterSpacing = 1;

    private const char Unknown = '?';

    private readonly Dictionary<char, Glyph> _glyphs;

    private BitmapFont(Dictionary<char, Glyph> glyphs) => _glyphs = glyphs;

    /// <summary>The RollCall font, drawn by hand in <c>FontSheets.cs</c> and its other parts.</summary>
    public static BitmapFont Default { get; } = FromSheets(FontSheets.All, FontSheets.Aliases);

    /// <summary>Every character the font has a glyph of its own for, in code point order.</summary>
    public IReadOnlyList<char> Characters => [.. _glyphs.Keys.Order()];

    /// <summary>
    /// The glyph for <paramref name="character"/>: its own, or its base letter's, or a space's for
    /// any space, or the <c>?</c> glyph (see the remarks on <see cref="BitmapFont"/>).
    /// </summary>
    public Glyph GetGlyph(char character)
    {
        if (_glyphs.TryGetValue(character, out var glyph))
        {
            return glyph;
        }

        if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.SpaceSeparator)
        {
            return _glyphs[' '];
        }

        if (CanonicalDecompositions.TryGetSingleton(character, out var equivalent))
        {
            return GetGlyph(equivalent);
        }

        return _glyphs.TryGetValue(CanonicalDecompositions.BaseOf(character), out glyph) ? glyph : _glyphs[Unknown];
    }

    /// <summary>The glyph for <paramref name="rune"/> as <see cref="GetGlyph(char)"/> finds it; the <c>?</c> glyph outside the BMP.</summary>
    public Glyph GetGlyph(Rune rune) => rune.IsBmp ? GetGlyph((char)rune.Value) : _glyphs[Unknown];

    /// <summary>
    /// Columns <paramref name="text"/> takes when drawn in one line: the glyph widths plus one
    /// blank column between neighbours, with no blank columns before or after. A character
    /// outside the BMP (an emoji) counts once, as one <c>?</c>; a letter and its combining marks
    /// count once, as their composed letter.
    /// </summary>
    public int MeasureWidth(string text) => Width(Layout(text));

    /// <summary>
    /// <paramref name="text"/> drawn in one line, <see cref="MeasureWidth"/> columns long;
    /// bit y of each column is set when row y is lit.
    /// </summary>
    public byte[] RenderColumns(string text)
    {
        var glyphs = Layout(text);
        var columns = new byte[Width(glyphs)];
        var x = 0;
        foreach (var glyph in glyphs)
        {
            if (x > 0)
            {
                x += LetterSpacing;
            }

            glyph.Columns.CopyTo(columns.AsSpan(x));
            x += glyph.Width;
        }

        return columns;
    }

    /// <summary>Builds a font from glyph sheets laid out as in <c>FontSheets.cs</c>.</summary>
    /// <exception cref="FormatException">A sheet is malformed or names a character twice.</exception>
    internal static BitmapFont FromSheets(IEnumerable<string> sheets, IReadOnlyDictionary<char, char>? aliases = null)
    {
        var glyphs = new Dictionary<char, Glyph> { [' '] = new Glyph(' ', new byte[SpaceWidth]) };
        foreach (var sheet in sheets)
        {
            foreach (var glyph in ParseSheet(sheet))
            {
                if (!glyphs.TryAdd(glyph.Character, glyph))
                {
                    throw new FormatException($"The font defines '{glyph.Character}' twice.");
                }
            }
        }

        foreach (var (alias, character) in aliases ?? new Dictionary<char, char>())
        {
            if (!glyphs.TryGetValue(character, out var glyph))
            {
                throw new FormatException($"'{alias}' is drawn as '{character}', which the font lacks.");
            }

            if (!glyphs.TryAdd(alias, new Glyph(alias, glyph.Columns.ToArray())))
            {
                throw new FormatException($"The font defines '{alias}' twice.");
            }
        }

        if (!glyphs.ContainsKey(Unknown))
        {
            throw new FormatException($"The font needs a '{Unknown}' glyph for characters it lacks.");
        }

        return new BitmapFont(glyphs);
    }

    // The glyphs text is drawn with, one per character after composing marks into the letter before them.
    private List<Glyph> Layout(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var glyphs = new List<Glyph>(text.Length);
        Rune? letter = null;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsMark(rune))
            {
                if (letter is { IsBmp: true } previous && rune.IsBmp
                    && CanonicalDecompositions.TryCompose((char)previous.Value, (char)rune.Value, out var composed))
                {
                    letter = new Rune(composed);
                }

                continue;
            }

            if (letter is { } done)
            {
                glyphs.Add(GetGlyph(done));
            }

            letter = rune;
        }

        if (letter is { } last)
        {
            glyphs.Add(GetGlyph(last));
        }

        return glyphs;
    }

    private static int Width(List<Glyph> glyphs) =>
        glyphs.Count == 0 ? 0 : glyphs.Sum(glyph => glyph.Width) + ((glyphs.Count - 1) * LetterSpacing);

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static List<Glyph> ParseSheet(string sheet)
    {
        const int cell = 5;
        const int pitch = cell + 1;
        var lines = sheet.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length != GlyphHeight + 1)
        {
            throw new FormatException($"A font sheet is a header and {GlyphHeight} rows, not {lines.Length} lines: {lines[0]}");
        }

        // Rows are the glyphs' 5 columns with one space between; the header names each glyph
        // above its first column, so it stops 4 characters short of the rows.
        var header = lines[0];
        var length = lines[1].Length;
        if ((length + 1) % pitch != 0
            || lines.Skip(1).Any(line => line.Length != length)
            || header.Length != length - (cell - 1))
        {
            throw new FormatException($"The font sheet '{header}' must be {cell} columns a glyph with one space between.");
        }

        var glyphs = new List<Glyph>();
        for (var left = 0; left < header.Length; left += pitch)
        {
            var character = header[left];
            var columns = new byte[cell];
            for (var y = 0; y < GlyphHeight; y++)
            {
                var row = lines[y + 1].AsSpan(left, cell);
                for (var x = 0; x < cell; x++)
                {
                    columns[x] |= row[x] switch
                    {
                        '#' => (byte)(1 << y),
                        '.' => 0,
                        _ => throw new FormatException($"Glyph '{character}' row {y} may hold only '#' and '.': '{row}'."),
                    };
                }
            }

            glyphs.Add(new Glyph(character, Trim(character, columns)));
        }

        return glyphs;
    }

    private static byte[] Trim(char character, byte[] columns)
    {
        var first = Array.FindIndex(columns, column => column != 0);
        if (first < 0)
        {
            throw new FormatException($"Glyph '{character}' is blank.");
        }

        var last = Array.FindLastIndex(columns, column => column != 0);
        return columns[first..(last + 1)];
    }
}
