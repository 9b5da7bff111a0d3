using System.Text;

namespace RollCall.Matrix.Text;

/// <summary>
/// A proportional bitmap font, 8 pixels tall and up to 5 wide, for the 8x8 matrix. It covers
/// printable ASCII (0x20..0x7E); any other character, control characters and everything
/// outside ASCII included, is drawn as <c>?</c>.
/// </summary>
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

    /// <summary>The RollCall font, drawn by hand in <c>FontSheets.cs</c>.</summary>
    public static BitmapFont Default { get; } = FromSheets(FontSheets.All);

    /// <summary>Every character the font draws as itself, in code point order.</summary>
    public IReadOnlyList<char> Characters => [.. _glyphs.Keys.Order()];

    /// <summary>The glyph for <paramref name="character"/>, or the <c>?</c> glyph when the font lacks it.</summary>
    public Glyph GetGlyph(char character) =>
        _glyphs.TryGetValue(character, out var glyph) ? glyph : _glyphs[Unknown];

    /// <summary>The glyph for <paramref name="rune"/>, or the <c>?</c> glyph when the font lacks it.</summary>
    public Glyph GetGlyph(Rune rune) => rune.IsBmp ? GetGlyph((char)rune.Value) : _glyphs[Unknown];

    /// <summary>
    /// Columns <paramref name="text"/> takes when drawn in one line: the glyph widths plus one
    /// blank column between neighbours, with no blank columns before or after. A character
    /// outside the BMP (an emoji) counts once, as one <c>?</c>.
    /// </summary>
    public int MeasureWidth(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var width = 0;
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += GetGlyph(rune).Width;
            count++;
        }

        return count == 0 ? 0 : width + ((count - 1) * LetterSpacing);
    }

    /// <summary>
    /// <paramref name="text"/> drawn in one line, <see cref="MeasureWidth"/> columns long;
    /// bit y of each column is set when row y is lit.
    /// </summary>
    public byte[] RenderColumns(string text)
    {
        var columns = new byte[MeasureWidth(text)];
        var x = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (x > 0)
            {
                x += LetterSpacing;
            }

            var glyph = GetGlyph(rune);
            glyph.Columns.CopyTo(columns.AsSpan(x));
            x += glyph.Width;
        }

        return columns;
    }

    /// <summary>Builds a font from glyph sheets laid out as in <c>FontSheets.cs</c>.</summary>
    /// <exception cref="FormatException">A sheet is malformed or names a character twice.</exception>
    internal static BitmapFont FromSheets(IEnumerable<string> sheets)
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

        if (!glyphs.ContainsKey(Unknown))
        {
            throw new FormatException($"The font needs a '{Unknown}' glyph for characters it lacks.");
        }

        return new BitmapFont(glyphs);
    }

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
