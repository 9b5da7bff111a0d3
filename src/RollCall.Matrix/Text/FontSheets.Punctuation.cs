namespace RollCall.Matrix.Text;

internal static partial class FontSheets
{
    private const string U2018 = """
        ‘     “     ”     „     €
        ...#. ..#.# .#.#. ..... ..###
        ..#.. .#.#. .#.#. ..... .#...
        ..#.. .#.#. #.#.. ..... ####.
        ..... ..... ..... ..... .#...
        ..... ..... ..... ..... ####.
        ..... ..... ..... .#.#. .#...
        ..... ..... ..... .#.#. ..###
        ..... ..... ..... #.#.. .....
        """;

    /// <summary>Typographic quotes and the euro sign.</summary>
    private static string[] Punctuation =>
    [
        U2018,
    ];
}
