namespace RollCall.Matrix.Text;

/// <summary>One character of a <see cref="BitmapFont"/>: 1 to 5 columns of 8 pixels.</summary>
public sealed class Glyph
{
    private readonly byte[] _columns;

    internal Glyph(char character, byte[] columns)
    {
        Character = character;
        _columns = columns;
    }

    /// <summary>The character this glyph draws.</summary>
    public char Character { get; }

    /// <summary>Columns the glyph takes, without the blank column that follows every glyph in a line.</summary>
    public int Width => _columns.Length;

    /// <summary>The glyph's columns, left to right; bit y (1 &lt;&lt; y) is set when row y, counted from the top, is lit.</summary>
    public ReadOnlySpan<byte> Columns => _columns;

    /// <summary>True when the pixel at column <paramref name="x"/> and row <paramref name="y"/> is lit.</summary>
    public bool IsLit(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, BitmapFont.GlyphHeight);
        return (_columns[x] & (1 << y)) != 0;
    }

    /// <inheritdoc />
    public override string ToString() => $"'{Character}' ({Width} wide)";
}
