using System.Globalization;

namespace RollCall.Matrix;

/// <summary>One LED colour: 8 bits per channel, as the matrix is addressed (before any gamma).</summary>
/// <param name="R">Red, 0..255.</param>
/// <param name="G">Green, 0..255.</param>
/// <param name="B">Blue, 0..255.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Off: the LED is dark.</summary>
    public static Rgb Black => default;

    /// <summary>Full white (255, 255, 255).</summary>
    public static Rgb White => new(255, 255, 255);

    /// <summary>Full red (255, 0, 0), the colour of the 2016 attendance scroll and heart.</summary>
    public static Rgb Red => new(255, 0, 0);

    /// <summary>True when every channel is zero, i.e. the LED is off.</summary>
    public bool IsOff => R == 0 && G == 0 && B == 0;

    /// <summary>The colour as six lowercase hex digits, <c>rrggbb</c>, as CSS and the board page use it.</summary>
    public string ToHex() => string.Create(6, this, static (span, colour) =>
    {
        colour.R.TryFormat(span, out _, "x2", CultureInfo.InvariantCulture);
        colour.G.TryFormat(span[2..], out _, "x2", CultureInfo.InvariantCulture);
        colour.B.TryFormat(span[4..], out _, "x2", CultureInfo.InvariantCulture);
    });

    /// <summary>Reads six hex digits <c>rrggbb</c> (either case, an optional leading <c>#</c>).</summary>
    /// <exception cref="FormatException">The text is not a colour.</exception>
    public static Rgb ParseHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.AsSpan();
        if (digits.StartsWith("#"))
        {
            digits = digits[1..];
        }

        if (digits.Length != 6
            || !byte.TryParse(digits[..2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var r)
            || !byte.TryParse(digits[2..4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var g)
            || !byte.TryParse(digits[4..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
        {
            throw new FormatException($"'{hex}' is not a colour; expected six hex digits such as ff0000.");
        }

        return new Rgb(r, g, b);
    }

    /// <summary>The colour in the 16-bit RGB565 form the Sense HAT framebuffer stores.</summary>
    public ushort ToRgb565() => (ushort)(((R >> 3) << 11) | ((G >> 2) << 5) | (B >> 3));

    /// <summary>The colour scaled by <paramref name="brightness"/> (0..1), rounding up so a lit channel stays lit.</summary>
    public Rgb Scale(double brightness)
    {
        if (!double.IsFinite(brightness) || brightness is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(brightness), brightness, "Brightness is between 0 and 1.");
        }

        return new Rgb(ScaleChannel(R, brightness), ScaleChannel(G, brightness), ScaleChannel(B, brightness));
    }

    /// <inheritdoc />
    public override string ToString() => $"({R}, {G}, {B})";

    // Rounding to six places first keeps 255 * (1/3.0) at 85 rather than letting float noise round it up to 86.
    private static byte ScaleChannel(byte value, double brightness) => (byte)Math.Ceiling(Math.Round(value * brightness, 6));
}
