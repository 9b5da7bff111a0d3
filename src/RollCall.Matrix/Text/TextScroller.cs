namespace RollCall.Matrix.Text;

/// <summary>
/// Turns a line of text into frames that scroll it right to left, one column per frame, as the
/// sense_hat <c>show_message</c> does.
/// </summary>
/// <remarks>
/// The text is drawn in one line (glyphs with one blank column between them, see
/// <see cref="BitmapFont.MeasureWidth"/>) and padded with 8 blank columns on each side; frame
/// k shows columns k..k+7 of that strip. So a text <c>w</c> columns wide gives exactly
/// <c>w + 9</c> frames: the first is blank, the text enters at the right edge in the second,
/// leaves at the left edge in the last but one, and the last is blank again. An empty text gives
/// 9 blank frames.
/// </remarks>
public static class TextScroller
{
    /// <summary>The default time each scroll frame stays, a little quicker than sense_hat's 0.1 s.</summary>
    public static readonly TimeSpan DefaultStepDuration = TimeSpan.FromSeconds(0.08);

    /// <summary>How many frames scrolling <paramref name="text"/> gives: its width in columns plus 9.</summary>
    public static int FrameCount(string text, BitmapFont? font = null) =>
        (font ?? BitmapFont.Default).MeasureWidth(text) + Frame.Width + 1;

    /// <summary>The frames that scroll <paramref name="text"/> across the matrix in <paramref name="colour"/>.</summary>
    /// <param name="text">The text; a character the font cannot draw shows as its base letter or <c>?</c> (see <see cref="BitmapFont"/>).</param>
    /// <param name="colour">Colour of the lit pixels.</param>
    /// <param name="background">Colour of the unlit pixels; off by default.</param>
    /// <param name="font">The font; <see cref="BitmapFont.Default"/> when null.</param>
    public static IReadOnlyList<Frame> Frames(string text, Rgb colour, Rgb background = default, BitmapFont? font = null)
    {
        var columns = (font ?? BitmapFont.Default).RenderColumns(text);
        var strip = new byte[columns.Length + (2 * Frame.Width)];
        columns.CopyTo(strip, Frame.Width);

        var frames = new Frame[strip.Length - Frame.Width + 1];
        for (var k = 0; k < frames.Length; k++)
        {
            var offset = k;
            frames[k] = Frame.Create((x, y) => (strip[offset + x] & (1 << y)) != 0 ? colour : background);
        }

        return frames;
    }

    /// <summary>
    /// The scroll of <paramref name="text"/> as timeline steps of <paramref name="stepDuration"/>
    /// each (<see cref="DefaultStepDuration"/> when null).
    /// </summary>
    public static IReadOnlyList<FrameStep> Steps(
        string text, Rgb colour, TimeSpan? stepDuration = null, Scene scene = Scene.None, BitmapFont? font = null)
    {
        var duration = stepDuration ?? DefaultStepDuration;
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(stepDuration), duration, "A scroll step lasts some time.");
        }

        return [.. Frames(text, colour, font: font).Select(frame => new FrameStep(frame, duration, scene))];
    }
}
