using System.Text;

namespace RollCall.Matrix;

/// <summary>
/// One picture on the 8x8 matrix: 64 pixels, row-major, x 0..7 left to right and y 0..7 top to
/// bottom. Frames are immutable and compare by their pixels, so they can be shared, cached and
/// sent to any number of displays.
/// </summary>
public sealed class Frame : IEquatable<Frame>
{
    /// <summary>Pixels per row.</summary>
    public const int Width = 8;

    /// <summary>Rows.</summary>
    public const int Height = 8;

    /// <summary>Pixels in a frame.</summary>
    public const int PixelCount = Width * Height;

    private readonly Rgb[] _pixels;

    // Takes ownership: every caller hands over an array nobody else holds.
    private Frame(Rgb[] pixels) => _pixels = pixels;

    /// <summary>Every LED off.</summary>
    public static Frame Blank { get; } = new(new Rgb[PixelCount]);

    /// <summary>The 64 pixels, row-major.</summary>
    public ReadOnlySpan<Rgb> Pixels => _pixels;

    /// <summary>True when every LED is off.</summary>
    public bool IsBlank => Array.TrueForAll(_pixels, static pixel => pixel.IsOff);

    /// <summary>The pixel at column <paramref name="x"/> and row <paramref name="y"/>.</summary>
    public Rgb this[int x, int y] => _pixels[Index(x, y)];

    /// <summary>Every LED the same colour.</summary>
    public static Frame Filled(Rgb colour)
    {
        var pixels = new Rgb[PixelCount];
        Array.Fill(pixels, colour);
        return new Frame(pixels);
    }

    /// <summary>A frame from 64 pixels, row-major; the pixels are copied.</summary>
    public static Frame FromPixels(ReadOnlySpan<Rgb> pixels)
    {
        if (pixels.Length != PixelCount)
        {
            throw new ArgumentException($"A frame has {PixelCount} pixels, not {pixels.Length}.", nameof(pixels));
        }

        return new Frame(pixels.ToArray());
    }

    /// <summary>A frame whose pixel at (x, y) is <c>pixelAt(x, y)</c>.</summary>
    public static Frame Create(Func<int, int, Rgb> pixelAt)
    {
        ArgumentNullException.ThrowIfNull(pixelAt);
        var pixels = new Rgb[PixelCount];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                pixels[(y * Width) + x] = pixelAt(x, y);
            }
        }

        return new Frame(pixels);
    }

    /// <summary>
    /// A frame drawn as 8 rows of 8 characters, top row first: <c>.</c> is off and <c>#</c> is
    /// <paramref name="on"/>. Handy for sprites and for expected frames in tests.
    /// </summary>
    public static Frame FromPattern(Rgb on, params ReadOnlySpan<string> rows) =>
        FromPattern(new Dictionary<char, Rgb> { ['#'] = on }, rows);

    /// <summary>
    /// A frame drawn as 8 rows of 8 characters, top row first, each character looked up in
    /// <paramref name="palette"/>; <c>.</c> is off unless the palette says otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not 8x8 or uses a character the palette lacks.</exception>
    public static Frame FromPattern(IReadOnlyDictionary<char, Rgb> palette, params ReadOnlySpan<string> rows)
    {
        ArgumentNullException.ThrowIfNull(palette);
        if (rows.Length != Height)
        {
            throw new ArgumentException($"A pattern has {Height} rows, not {rows.Length}.", nameof(rows));
        }

        var pixels = new Rgb[PixelCount];
        for (var y = 0; y < Height; y++)
        {
            var row = rows[y];
            if (row is null || row.Length != Width)
            {
                throw new ArgumentException($"Pattern row {y} must have {Width} characters: '{row}'.", nameof(rows));
            }

            for (var x = 0; x < Width; x++)
            {
                var symbol = row[x];
                if (palette.TryGetValue(symbol, out var colour))
                {
                    pixels[(y * Width) + x] = colour;
                }
                else if (symbol != '.')
                {
                    throw new ArgumentException($"Pattern row {y} uses '{symbol}', which the palette does not define.", nameof(rows));
                }
            }
        }

        return new Frame(pixels);
    }

    /// <summary>A frame from 384 hex digits, six (<c>rrggbb</c>) per pixel, row-major: the inverse of <see cref="ToHex"/>.</summary>
    /// <exception cref="FormatException">The text is not 64 colours.</exception>
    public static Frame FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != PixelCount * 6)
        {
            throw new FormatException($"A frame is {PixelCount * 6} hex digits, not {hex.Length}.");
        }

        var bytes = Convert.FromHexString(hex);
        return FromRgbBytes(bytes);
    }

    /// <summary>A frame from 192 bytes, R, G, B per pixel, row-major: the inverse of <see cref="ToRgbBytes"/>.</summary>
    public static Frame FromRgbBytes(ReadOnlySpan<byte> rgb)
    {
        if (rgb.Length != PixelCount * 3)
        {
            throw new ArgumentException($"A frame is {PixelCount * 3} bytes, not {rgb.Length}.", nameof(rgb));
        }

        var pixels = new Rgb[PixelCount];
        for (var i = 0; i < PixelCount; i++)
        {
            pixels[i] = new Rgb(rgb[i * 3], rgb[(i * 3) + 1], rgb[(i * 3) + 2]);
        }

        return new Frame(pixels);
    }

    /// <summary>This frame with one pixel changed.</summary>
    public Frame With(int x, int y, Rgb colour)
    {
        var index = Index(x, y);
        var pixels = (Rgb[])_pixels.Clone();
        pixels[index] = colour;
        return new Frame(pixels);
    }

    /// <summary>This frame with every pixel passed through <paramref name="map"/>.</summary>
    public Frame Map(Func<Rgb, Rgb> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new Frame(Array.ConvertAll(_pixels, pixel => map(pixel)));
    }

    /// <summary>
    /// The frame as 384 lowercase hex digits, six (<c>rrggbb</c>) per pixel, row-major. This is
    /// the wire form the board page decodes: pixel i is <c>hex.substr(i * 6, 6)</c>.
    /// </summary>
    public string ToHex() => Convert.ToHexStringLower(ToRgbBytes());

    /// <summary>The frame as 192 bytes, R, G, B per pixel, row-major.</summary>
    public byte[] ToRgbBytes()
    {
        var bytes = new byte[PixelCount * 3];
        for (var i = 0; i < PixelCount; i++)
        {
            bytes[i * 3] = _pixels[i].R;
            bytes[(i * 3) + 1] = _pixels[i].G;
            bytes[(i * 3) + 2] = _pixels[i].B;
        }

        return bytes;
    }

    /// <summary>
    /// The frame as 8 lines of 8 characters, <c>#</c> for a lit LED and <c>.</c> for an off one,
    /// so a failed comparison shows a picture.
    /// </summary>
    public override string ToString()
    {
        var art = new StringBuilder((Width + 1) * Height);
        for (var y = 0; y < Height; y++)
        {
            if (y > 0)
            {
                art.Append('\n');
            }

            for (var x = 0; x < Width; x++)
            {
                art.Append(this[x, y].IsOff ? '.' : '#');
            }
        }

        return art.ToString();
    }

    /// <inheritdoc />
    public bool Equals(Frame? other) =>
        other is not null && (ReferenceEquals(this, other) || _pixels.AsSpan().SequenceEqual(other._pixels));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Frame);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var pixel in _pixels)
        {
            hash.Add(pixel);
        }

        return hash.ToHashCode();
    }

    /// <summary>True when both frames have the same pixels.</summary>
    public static bool operator ==(Frame? left, Frame? right) => left is null ? right is null : left.Equals(right);

    /// <summary>True when the frames differ in any pixel.</summary>
    public static bool operator !=(Frame? left, Frame? right) => !(left == right);

    private static int Index(int x, int y)
    {
        if ((uint)x >= Width)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x is 0..7.");
        }

        if ((uint)y >= Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, "y is 0..7.");
        }

        return (y * Width) + x;
    }
}
