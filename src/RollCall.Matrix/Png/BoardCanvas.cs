namespace RollCall.Matrix.Png;

/// <summary>An RGB image on which LED boards are drawn, one or many, before it is encoded as PNG.</summary>
internal sealed class BoardCanvas
{
    private const int Samples = 4;

    private readonly byte[] _rgb;
    private readonly BoardStyle _style;
    private readonly float[] _dot;

    public BoardCanvas(int width, int height, BoardStyle style)
    {
        style.Validate();
        Width = width;
        Height = height;
        _style = style;
        _rgb = new byte[width * height * 3];
        _dot = DotCoverage(style);
        FillRectangle(0, 0, width, height, style.Background);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Draws <paramref name="frame"/> as a board whose top-left corner is at (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public void DrawBoard(int left, int top, Frame frame)
    {
        var size = _style.LedSize;
        FillRectangle(left, top, _style.BoardSize, _style.BoardSize, _style.BoardColour);
        for (var y = 0; y < Frame.Height; y++)
        {
            for (var x = 0; x < Frame.Width; x++)
            {
                var led = frame[x, y];
                var cellLeft = left + _style.Margin + (x * size);
                var cellTop = top + _style.Margin + (y * size);
                DrawDot(cellLeft, cellTop, led.IsOff ? _style.OffColour : led);
            }
        }
    }

    public byte[] ToPng() => PngEncoder.Encode(Width, Height, _rgb);

    // How much of each pixel of one LED cell the dot covers, 0..1, found by sampling a 4x4 grid
    // inside the pixel; computed once per style so every dot has the same soft edge.
    private static float[] DotCoverage(BoardStyle style)
    {
        var size = style.LedSize;
        var radius = size * style.DotScale / 2;
        var centre = size / 2.0;
        var coverage = new float[size * size];
        for (var py = 0; py < size; py++)
        {
            for (var px = 0; px < size; px++)
            {
                var hits = 0;
                for (var sy = 0; sy < Samples; sy++)
                {
                    for (var sx = 0; sx < Samples; sx++)
                    {
                        var dx = px + ((sx + 0.5) / Samples) - centre;
                        var dy = py + ((sy + 0.5) / Samples) - centre;
                        var inside = style.RoundDots
                            ? (dx * dx) + (dy * dy) <= radius * radius
                            : Math.Abs(dx) <= radius && Math.Abs(dy) <= radius;
                        hits += inside ? 1 : 0;
                    }
                }

                coverage[(py * size) + px] = hits / (float)(Samples * Samples);
            }
        }

        return coverage;
    }

    private void DrawDot(int cellLeft, int cellTop, Rgb colour)
    {
        var size = _style.LedSize;
        var board = _style.BoardColour;
        for (var py = 0; py < size; py++)
        {
            for (var px = 0; px < size; px++)
            {
                var share = _dot[(py * size) + px];
                var index = (((cellTop + py) * Width) + cellLeft + px) * 3;
                _rgb[index] = Blend(board.R, colour.R, share);
                _rgb[index + 1] = Blend(board.G, colour.G, share);
                _rgb[index + 2] = Blend(board.B, colour.B, share);
            }
        }
    }

    /// <summary>Paints a rectangle of the image in <paramref name="colour"/>, for labels and rules between boards.</summary>
    public void FillRectangle(int left, int top, int width, int height, Rgb colour)
    {
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                var index = ((y * Width) + x) * 3;
                _rgb[index] = colour.R;
                _rgb[index + 1] = colour.G;
                _rgb[index + 2] = colour.B;
            }
        }
    }

    private static byte Blend(byte under, byte over, float share) =>
        (byte)Math.Round(under + ((over - under) * share));
}
