namespace RollCall.Matrix.Displays;

/// <summary>How a <see cref="TerminalDisplay"/> draws.</summary>
public sealed record TerminalDisplayOptions
{
    /// <summary>Turn frames as a mounted matrix would be; none by default.</summary>
    public Rotation Rotation { get; init; }

    /// <summary>Dim frames as the Sense HAT's low-light mode would.</summary>
    public bool LowLight { get; init; }

    /// <summary>
    /// The colour an unlit LED is drawn in. A dark grey by default, so the 8x8 board stays
    /// visible on a black terminal; set it to black for exact colours.
    /// </summary>
    public Rgb OffColour { get; init; } = new(28, 28, 28);
}
