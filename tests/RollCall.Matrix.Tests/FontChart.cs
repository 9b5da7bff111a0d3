using System.Globalization;
using RollCall.Matrix.Png;
using RollCall.Matrix.Text;

namespace RollCall.Matrix.Tests;

/// <summary>
/// docs/font.png: every glyph of a font on its own LED board, centred as a one-letter scroll
/// would pass it, in rows of 16 by code point under the name of each Unicode block, with the
/// code point of each row on its left and the last hex digit above each column. The characters
/// past Latin Extended-A (typographic punctuation and aliases) follow with their code points
/// under them. The labels are drawn with the font itself.
/// </summary>
internal static class FontChart
{
    private const int Across = 16;
    private const int LabelScale = 2;
    private const int TitleScale = 3;

    private static readonly BoardStyle _style = new() { LedSize = 6, Margin = 3, Gap = 4 };
    private static readonly Rgb _lit = new(0, 255, 0);
    private static readonly Rgb _ink = new(40, 40, 40);

    private static readonly (string Title, int First, int Last)[] _blocks =
    [
        ("Basic Latin", 0x20, 0x7F),
        ("Latin-1 Supplement", 0xA0, 0xFF),
        ("Latin Extended-A", 0x100, 0x17F),
    ];

    public static byte[] Draw(BitmapFont font)
    {
        var others = font.Characters.Where(character => character > _blocks[^1].Last).ToList();
        var pitch = _style.BoardSize + _style.Gap;
        var labelWidth = (font.MeasureWidth("U+0000") * LabelScale) + 12;
        var titleHeight = (BitmapFont.GlyphHeight * TitleScale) + 12;
        var headerHeight = (BitmapFont.GlyphHeight * LabelScale) + 6;
        var codeHeight = (BitmapFont.GlyphHeight * LabelScale) + 6;
        var blockHeights = _blocks.Select(block => titleHeight + headerHeight + (Rows(block.First, block.Last) * pitch) + 16);
        var othersRows = (others.Count + Across - 1) / Across;
        var width = 16 + labelWidth + (Across * pitch);
        var height = 16 + blockHeights.Sum() + titleHeight + (othersRows * (pitch + codeHeight)) + 8;
        var canvas = new BoardCanvas(width, height, _style);

        var top = 16;
        var left = 16 + labelWidth;
        foreach (var (title, first, last) in _blocks)
        {
            DrawText(canvas, font, 16, top, $"{title}  U+{first:X4}..U+{last:X4}", TitleScale);
            top += titleHeight;
            for (var column = 0; column < Across; column++)
            {
                var digit = column.ToString("X", CultureInfo.InvariantCulture);
                var digitLeft = left + (column * pitch) + ((_style.BoardSize - (font.MeasureWidth(digit) * LabelScale)) / 2);
                DrawText(canvas, font, digitLeft, top, digit, LabelScale);
            }

            top += headerHeight;
            for (var row = 0; row < Rows(first, last); row++)
            {
                var rowFirst = first + (row * Across);
                var labelTop = top + (row * pitch) + ((_style.BoardSize - (BitmapFont.GlyphHeight * LabelScale)) / 2);
                DrawText(canvas, font, 16, labelTop, $"U+{rowFirst:X4}", LabelScale);
                for (var column = 0; column < Across && rowFirst + column <= last; column++)
                {
                    var character = (char)(rowFirst + column);
                    if (font.Characters.Contains(character))
                    {
                        canvas.DrawBoard(left + (column * pitch), top + (row * pitch), Board(font.GetGlyph(character)));
                    }
                }
            }

            top += (Rows(first, last) * pitch) + 16;
        }

        DrawText(canvas, font, 16, top, "Punctuation, euro sign and aliases", TitleScale);
        top += titleHeight;
        for (var i = 0; i < others.Count; i++)
        {
            var boardLeft = left + (i % Across * pitch);
            var boardTop = top + (i / Across * (pitch + codeHeight));
            canvas.DrawBoard(boardLeft, boardTop, Board(font.GetGlyph(others[i])));
            var code = ((int)others[i]).ToString("X4", CultureInfo.InvariantCulture);
            var codeLeft = boardLeft + ((_style.BoardSize - (font.MeasureWidth(code) * LabelScale)) / 2);
            DrawText(canvas, font, codeLeft, boardTop + _style.BoardSize + 3, code, LabelScale);
        }

        return canvas.ToPng();
    }

    private static int Rows(int first, int last) => ((last - first) / Across) + 1;

    private static Frame Board(Glyph glyph)
    {
        var offset = (Frame.Width - glyph.Width) / 2;
        return Frame.Create((x, y) => x >= offset && x < offset + glyph.Width && glyph.IsLit(x - offset, y) ? _lit : default);
    }

    private static void DrawText(BoardCanvas canvas, BitmapFont font, int left, int top, string text, int scale)
    {
        var columns = font.RenderColumns(text);
        for (var x = 0; x < columns.Length; x++)
        {
            for (var y = 0; y < BitmapFont.GlyphHeight; y++)
            {
                if ((columns[x] & (1 << y)) != 0)
                {
                    canvas.FillRectangle(left + (x * scale), top + (y * scale), scale, scale, _ink);
                }
            }
        }
    }
}
