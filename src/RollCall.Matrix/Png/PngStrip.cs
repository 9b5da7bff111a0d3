namespace RollCall.Matrix.Png;

/// <summary>
/// Draws frames as PNG pictures of the LED board: one board, or many in a grid (a strip), for
/// documentation and for checking a timeline by eye.
/// </summary>
public static class PngStrip
{
    /// <summary>One frame as a PNG of a single board.</summary>
    public static byte[] EncodeFrame(Frame frame, BoardStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        style ??= new BoardStyle();
        var canvas = new BoardCanvas(style.BoardSize, style.BoardSize, style);
        canvas.DrawBoard(0, 0, frame);
        return canvas.ToPng();
    }

    /// <summary>
    /// The frames as a PNG of boards in a grid, left to right then top to bottom,
    /// <paramref name="columns"/> boards a row (fewer when there are fewer frames).
    /// </summary>
    public static byte[] Encode(IReadOnlyList<Frame> frames, int columns = 8, BoardStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A strip needs at least one frame.", nameof(frames));
        }

        style ??= new BoardStyle();
        var across = Math.Min(columns, frames.Count);
        var down = (frames.Count + across - 1) / across;
        var pitch = style.BoardSize + style.Gap;
        var canvas = new BoardCanvas((across * pitch) - style.Gap, (down * pitch) - style.Gap, style);
        for (var i = 0; i < frames.Count; i++)
        {
            canvas.DrawBoard(i % across * pitch, i / across * pitch, frames[i]);
        }

        return canvas.ToPng();
    }

    /// <summary>Writes <see cref="Encode"/>'s strip of <paramref name="frames"/> to <paramref name="path"/>.</summary>
    public static Task WriteAsync(
        string path, IReadOnlyList<Frame> frames, int columns = 8, BoardStyle? style = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return File.WriteAllBytesAsync(path, Encode(frames, columns, style), cancellationToken);
    }
}
