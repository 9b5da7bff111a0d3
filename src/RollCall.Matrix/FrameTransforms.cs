namespace RollCall.Matrix;

/// <summary>Transforms that displays apply to a frame just before it is shown.</summary>
public static class FrameTransforms
{
    /// <summary>
    /// The brightness <see cref="LowLight"/> keeps. The Sense HAT's low-light gamma table tops out
    /// at 10 of 31, so a third looks the same on a sink that has no gamma of its own.
    /// </summary>
    public const double LowLightBrightness = 1.0 / 3.0;

    /// <summary>The rotation for <paramref name="degrees"/>: 0, 90, 180 or 270, as sense_hat accepts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Any other angle.</exception>
    public static Rotation RotationFromDegrees(int degrees) => degrees switch
    {
        0 => Rotation.None,
        90 => Rotation.Clockwise90,
        180 => Rotation.Clockwise180,
        270 => Rotation.Clockwise270,
        _ => throw new ArgumentOutOfRangeException(nameof(degrees), degrees, "Rotation is 0, 90, 180 or 270 degrees."),
    };

    /// <summary>
    /// The frame turned clockwise by <paramref name="rotation"/>, so that it reads upright on a
    /// matrix mounted that way round: with <see cref="Rotation.Clockwise90"/> the pixel drawn at
    /// (x, y) lands at (7 - y, x).
    /// </summary>
    public static Frame Rotate(this Frame frame, Rotation rotation)
    {
        ArgumentNullException.ThrowIfNull(frame);
        const int last = Frame.Width - 1;

        // Each case says which drawn pixel ends up at physical (x, y).
        return rotation switch
        {
            Rotation.None => frame,
            Rotation.Clockwise90 => Frame.Create((x, y) => frame[y, last - x]),
            Rotation.Clockwise180 => Frame.Create((x, y) => frame[last - x, last - y]),
            Rotation.Clockwise270 => Frame.Create((x, y) => frame[last - y, x]),
            _ => throw new ArgumentOutOfRangeException(nameof(rotation), rotation, "Rotation is 0, 90, 180 or 270 degrees."),
        };
    }

    /// <summary>The frame with every channel scaled by <paramref name="brightness"/> (0..1), rounding up so lit LEDs stay lit.</summary>
    public static Frame Dim(this Frame frame, double brightness)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!double.IsFinite(brightness) || brightness is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(brightness), brightness, "Brightness is between 0 and 1.");
        }

        return brightness == 1 ? frame : frame.Map(pixel => pixel.Scale(brightness));
    }

    /// <summary>
    /// The software stand-in for the Sense HAT's low-light gamma, for sinks that cannot set
    /// gamma (a terminal, a PNG, a framebuffer path that is a plain file): a third of the brightness.
    /// </summary>
    public static Frame LowLight(this Frame frame) => frame.Dim(LowLightBrightness);
}
