namespace RollCall.Matrix.Png;

/// <summary>How an LED board is drawn in a PNG: round dots on a dark board, like the real matrix.</summary>
public sealed record BoardStyle
{
    /// <summary>Image pixels per LED, dot and spacing together; 24 by default.</summary>
    public int LedSize { get; init; } = 24;

    /// <summary>The dot's diameter as a share of <see cref="LedSize"/>; 0.8 by default.</summary>
    public double DotScale { get; init; } = 0.8;

    /// <summary>Round dots; false draws squares.</summary>
    public bool RoundDots { get; init; } = true;

    /// <summary>Board border around the LEDs, in image pixels; 12 by default.</summary>
    public int Margin { get; init; } = 12;

    /// <summary>Space between boards in a strip, in image pixels; 8 by default.</summary>
    public int Gap { get; init; } = 8;

    /// <summary>The board's colour.</summary>
    public Rgb BoardColour { get; init; } = new(20, 20, 20);

    /// <summary>The colour of an unlit LED.</summary>
    public Rgb OffColour { get; init; } = new(45, 45, 45);

    /// <summary>The colour behind and between the boards of a strip.</summary>
    public Rgb Background { get; init; } = new(255, 255, 255);

    /// <summary>Width and height of one board in image pixels.</summary>
    public int BoardSize => (2 * Margin) + (Frame.Width * LedSize);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(LedSize, 2, nameof(LedSize));
        ArgumentOutOfRangeException.ThrowIfNegative(Margin, nameof(Margin));
        ArgumentOutOfRangeException.ThrowIfNegative(Gap, nameof(Gap));
        if (!double.IsFinite(DotScale) || DotScale is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DotScale), DotScale, "DotScale is above 0 and at most 1.");
        }
    }
}
