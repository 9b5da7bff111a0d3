namespace RollCall.Matrix.Text;

/// <summary>
/// The hand-drawn 5x8 glyphs of <see cref="BitmapFont.Default"/>: printable ASCII 0x21..0x7E here
/// (space is simply blank), Latin-1 Supplement and Latin Extended-A in the other parts of this
/// class, and a few typographic quotes. Each sheet is a header line naming its glyphs, six
/// characters apart, then the glyphs' 8 rows side by side: <c>#</c> is lit, <c>.</c> is off.
/// Capitals and digits are 7 rows tall; the bottom row is for descenders (g, j, p, q, y, comma).
/// Blank columns at either side are trimmed when the font is built, so narrow glyphs such as
/// <c>i</c> and <c>.</c> scroll by in fewer steps.
/// </summary>
/// <remarks>
/// <para>Letters with a mark are drawn whole, not composed at run time, so each can be fixed by
/// eye. They follow the same rules: a lowercase letter keeps its x-height body (rows 2..6) and its
/// mark takes rows 0..1 above it; a capital under a mark above is shortened to 5 rows (2..6),
/// except that <c>Ä Ö Ü Ï</c> stay 6 rows tall with their dots in row 0 beside the letter's top;
/// a mark below (cedilla, ogonek) takes the descender row. The marks are <c>`</c> <c>´</c>
/// <c>^</c> <c>~</c> (shaped to touch the letter as little as it can), macron, breve (a cup),
/// dot, diaeresis, ring (an arch closed by the letter's top), double acute and caron (a v).
/// Letters with a stroke or another shape of their own (ł, đ, ħ, ø, æ, ß, ŋ, ĸ, ı …) are drawn
/// like any other glyph.</para>
/// <para>A short capital is the lowercase letter for a few shapes (O, S, W, Z: <c>Ó</c> draws as
/// <c>ó</c>, <c>Š</c> as <c>š</c>); 8 rows leave no other choice, and the word around it tells
/// which one it is. <c>Ð</c> and <c>Đ</c> look the same, as in every font.</para>
/// </remarks>
internal static partial class FontSheets
{
    private const string Punctuation1 = """
        !     "     #     $     %     &     '     (
        ..#.. .#.#. .#.#. ..#.. ##... .##.. ..#.. ...#.
        ..#.. .#.#. .#.#. .#### ##..# #..#. ..#.. ..#..
        ..#.. .#.#. ##### #.#.. ...#. #.#.. .#... .#...
        ..#.. ..... .#.#. .###. ..#.. .#... ..... .#...
        ..#.. ..... ##### ..#.# .#... #.#.# ..... .#...
        ..... ..... .#.#. ####. #..## #..#. ..... ..#..
        ..#.. ..... .#.#. ..#.. ...## .##.# ..... ...#.
        ..... ..... ..... ..... ..... ..... ..... .....
        """;

    private const string Punctuation2 = """
        )     *     +     ,     -     .     /     :
        .#... ..... ..... ..... ..... ..... ....# .....
        ..#.. ..#.. ..#.. ..... ..... ..... ....# .....
        ...#. #.#.# ..#.. ..... ..... ..... ...#. ..#..
        ...#. .###. ##### ..... ##### ..... ..#.. .....
        ...#. #.#.# ..#.. ..... ..... ..... .#... .....
        ..#.. ..#.. ..#.. ..#.. ..... ..... #.... ..#..
        .#... ..... ..... ..#.. ..... ..#.. #.... .....
        ..... ..... ..... .#... ..... ..... ..... .....
        """;

    private const string Punctuation3 = """
        ;     <     =     >     ?     @     [     \
        ..... ...#. ..... .#... .###. .###. .###. #....
        ..... ..#.. ..... ..#.. #...# #...# .#... #....
        ..#.. .#... ##### ...#. ....# #.### .#... .#...
        ..... #.... ..... ....# ...#. #.#.# .#... ..#..
        ..... .#... ##### ...#. ..#.. #.### .#... ...#.
        ..#.. ..#.. ..... ..#.. ..... #.... .#... ....#
        ..#.. ...#. ..... .#... ..#.. .###. .###. ....#
        .#... ..... ..... ..... ..... ..... ..... .....
        """;

    private const string Punctuation4 = """
        ]     ^     _     `     {     |     }     ~
        .###. ..#.. ..... .#... ...#. ..#.. .#... .....
        ...#. .#.#. ..... ..#.. ..#.. ..#.. ..#.. .....
        ...#. #...# ..... ...#. ..#.. ..#.. ..#.. .#...
        ...#. ..... ..... ..... .#... ..#.. ...#. #.#.#
        ...#. ..... ..... ..... ..#.. ..#.. ..#.. ...#.
        ...#. ..... ..... ..... ..#.. ..#.. ..#.. .....
        .###. ..... ..... ..... ...#. ..#.. .#... .....
        ..... ..... ##### ..... ..... ..... ..... .....
        """;

    private const string Digits1 = """
        0     1     2     3     4     5     6     7
        .###. ..#.. .###. ##### ...#. ##### ..##. #####
        #...# .##.. #...# ...#. ..##. #.... .#... ....#
        #..## ..#.. ....# ..#.. .#.#. ####. #.... ...#.
        #.#.# ..#.. ...#. ...#. #..#. ....# ####. ..#..
        ##..# ..#.. ..#.. ....# ##### ....# #...# .#...
        #...# ..#.. .#... #...# ...#. #...# #...# .#...
        .###. .###. ##### .###. ...#. .###. .###. .#...
        ..... ..... ..... ..... ..... ..... ..... .....
        """;

    private const string Digits2 = """
        8     9
        .###. .###.
        #...# #...#
        #...# #...#
        .###. .####
        #...# ....#
        #...# ...#.
        .###. .##..
        ..... .....
        """;

    private const string Upper1 = """
        A     B     C     D     E     F     G     H
        .###. ####. .###. ###.. ##### ##### .###. #...#
        #...# #...# #...# #..#. #.... #.... #...# #...#
        #...# #...# #.... #...# #.... #.... #.... #...#
        ##### ####. #.... #...# ####. ####. #.### #####
        #...# #...# #.... #...# #.... #.... #...# #...#
        #...# #...# #...# #..#. #.... #.... #...# #...#
        #...# ####. .###. ###.. ##### #.... .#### #...#
        ..... ..... ..... ..... ..... ..... ..... .....
        """;

    private const string Upper2 = """
        I     J     K     L     M     N     O     P
        .###. ..### #...# #.... #...# #...# .###. ####.
        ..#.. ...#. #..#. #.... ##.## #...# #...# #...#
        ..#.. ...#. #.#.. #.... #.#.# ##..# #...# #...#
        ..#.. ...#. ##... #.... #.#.# #.#.# #...# ####.
        ..#.. ...#. #.#.. #.... #...# #..## #...# #....
        ..#.. #..#. #..#. #.... #...# #...# #...# #....
        .###. .##.. #...# ##### #...# #...# .###. #....
        ..... ..... ..... ..... ..... ..... ..... .....
        """;

    private const string Upper3 = """
        Q     R     S     T     U     V     W     X
        .###. ####. .#### ##### #...# #...# #...# #...#
        #...# #...# #.... ..#.. #...# #...# #...# #...#
        #...# #...# #.... ..#.. #...# #...# #...# .#.#.
        #...# ####. .###. ..#.. #...# #...# #.#.# ..#..
        #.#.# #.#.. ....# ..#.. #...# #...# #.#.# .#.#.
        #..#. #..#. ....# ..#.. #...# .#.#. #.#.# #...#
        .##.# #...# ####. ..#.. .###. ..#.. .#.#. #...#
        ..... ..... ..... ..... ..... ..... ..... .....
        """;

    private const string Upper4 = """
        Y     Z
        #...# #####
        #...# ....#
        #...# ...#.
        .#.#. ..#..
        ..#.. .#...
        ..#.. #....
        ..#.. #####
        ..... .....
        """;

    private const string Lower1 = """
        a     b     c     d     e     f     g     h
        ..... #.... ..... ....# ..... ..##. ..... #....
        ..... #.... ..... ....# ..... .#..# ..... #....
        .###. #.##. .###. .##.# .###. .#... .#### #.##.
        ....# ##..# #.... #..## #...# ###.. #...# ##..#
        .#### #...# #.... #...# ##### .#... #...# #...#
        #...# #...# #...# #...# #.... .#... .#### #...#
        .#### ####. .###. .#### .###. .#... ....# #...#
        ..... ..... ..... ..... ..... ..... .###. .....
        """;

    private const string Lower2 = """
        i     j     k     l     m     n     o     p
        ..#.. ...#. #.... .##.. ..... ..... ..... .....
        ..... ..... #.... ..#.. ..... ..... ..... .....
        .##.. ..##. #..#. ..#.. ##.#. #.##. .###. ####.
        ..#.. ...#. #.#.. ..#.. #.#.# ##..# #...# #...#
        ..#.. ...#. ##... ..#.. #.#.# #...# #...# #...#
        ..#.. ...#. #.#.. ..#.. #...# #...# #...# ####.
        .###. #..#. #..#. .###. #...# #...# .###. #....
        ..... .##.. ..... ..... ..... ..... ..... #....
        """;

    private const string Lower3 = """
        q     r     s     t     u     v     w     x
        ..... ..... ..... .#... ..... ..... ..... .....
        ..... ..... ..... .#... ..... ..... ..... .....
        .#### #.##. .#### ###.. #...# #...# #...# #...#
        #...# ##..# #.... .#... #...# #...# #...# .#.#.
        #...# #.... .###. .#... #...# #...# #.#.# ..#..
        .#### #.... ....# .#..# #..## .#.#. #.#.# .#.#.
        ....# #.... ####. ..##. .##.# ..#.. .#.#. #...#
        ....# ..... ..... ..... ..... ..... ..... .....
        """;

    private const string Lower4 = """
        y     z
        ..... .....
        ..... .....
        #...# #####
        #...# ...#.
        #...# ..#..
        .#### .#...
        ....# #####
        .###. .....
        """;
    /// <summary>Every sheet.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Punctuation1, Punctuation2, Punctuation3, Punctuation4, Digits1, Digits2,
        Upper1, Upper2, Upper3, Upper4, Lower1, Lower2, Lower3, Lower4,
        .. Latin1Supplement, .. LatinExtendedA, .. Punctuation,
    ];

    /// <summary>
    /// Characters drawn exactly like another one: the soft hyphen (a scroll never breaks a line, so
    /// it shows where it was typed), the dashes and the minus sign as <c>-</c>; the right single
    /// quote, which phones type in names such as O’Brien, as <c>'</c> (already that shape); the low
    /// single quote as <c>,</c>; and Romanian's s and t with a comma below as the cedilla letters
    /// <c>ş</c> and <c>ţ</c>, which look alike at this size and were long used in their place.
    /// </summary>
    public static IReadOnlyDictionary<char, char> Aliases { get; } = new Dictionary<char, char>
    {
        ['\u00AD'] = '-', // soft hyphen
        ['\u2010'] = '-', // hyphen
        ['\u2011'] = '-', // non-breaking hyphen
        ['\u2012'] = '-', // figure dash
        ['\u2013'] = '-', // en dash
        ['\u2014'] = '-', // em dash
        ['\u2015'] = '-', // horizontal bar
        ['\u2212'] = '-', // minus sign
        ['\u2019'] = '\'', // right single quotation mark
        ['\u201A'] = ',', // single low-9 quotation mark
        ['\u0218'] = 'Ş', // S with comma below
        ['\u0219'] = 'ş', // s with comma below
        ['\u021A'] = 'Ţ', // T with comma below
        ['\u021B'] = 'ţ', // t with comma below
        ['\u1E9E'] = 'ß', // capital sharp s
    };
}
