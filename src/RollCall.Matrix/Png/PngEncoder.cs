using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace RollCall.Matrix.Png;

/// <summary>
/// A minimal PNG writer: 8-bit RGB, one IDAT chunk, no filtering.
/// </summary>
/// <remarks>
/// Why our own: the library runs on the Raspberry Pi, and image libraries either ship native
/// code (SkiaSharp, libpng, System.Drawing's libgdiplus) or are far larger than drawing LED
/// boards needs. PNG needs only zlib (<see cref="ZLibStream"/>, in the framework) and CRC-32
/// (System.IO.Hashing, managed), so the whole encoder fits on one screen and the Pi build stays
/// free of native dependencies.
/// </remarks>
internal static class PngEncoder
{
    private const byte BitDepth = 8;
    private const byte ColourTypeRgb = 2;
    private const byte FilterNone = 0;

    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="rgb"/>, rows top to bottom of R, G, B bytes, as a PNG file.</summary>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var stride = width * 3;
        if (rgb.Length != stride * height)
        {
            throw new ArgumentException($"A {width}x{height} RGB image is {stride * height} bytes, not {rgb.Length}.", nameof(rgb));
        }

        using var file = new MemoryStream();
        file.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = BitDepth;
        header[9] = ColourTypeRgb;
        header[10] = 0; // compression: deflate, the only one PNG defines
        header[11] = 0; // filter method: the only one PNG defines
        header[12] = 0; // no interlacing
        WriteChunk(file, "IHDR"u8, header);

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(FilterNone);
                zlib.Write(rgb.Slice(y * stride, stride));
            }
        }

        WriteChunk(file, "IDAT"u8, pixels.GetBuffer().AsSpan(0, (int)pixels.Length));
        WriteChunk(file, "IEND"u8, []);
        return file.ToArray();
    }

    private static void WriteChunk(Stream file, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        file.Write(number);
        file.Write(type);
        file.Write(data);

        // The CRC covers the chunk type and data, not the length.
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc.GetCurrentHashAsUInt32());
        file.Write(number);
    }
}
