using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace RollCall.Matrix.Tests;

/// <summary>
/// Just enough of a PNG reader to check what the encoder wrote: chunks with their CRCs checked by
/// an independent bitwise CRC-32, the IHDR fields, and unfiltered 8-bit RGB pixels.
/// </summary>
internal sealed class PngReader
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _pixels;

    public PngReader(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith(Signature), "The file does not start with the PNG signature.");
        var chunks = new List<(string Type, byte[] Data)>();
        var offset = Signature.Length;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(Crc32(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            offset += 12 + length;
        }

        ChunkTypes = [.. chunks.Select(chunk => chunk.Type)];
        var header = chunks[0].Data;
        Width = BinaryPrimitives.ReadInt32BigEndian(header);
        Height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        BitDepth = header[8];
        ColourType = header[9];

        using var compressed = new MemoryStream([.. chunks.Where(chunk => chunk.Type == "IDAT").SelectMany(chunk => chunk.Data)]);
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        _pixels = raw.ToArray();
        Assert.Equal(Height * (1 + (Width * 3)), _pixels.Length);
    }

    public IReadOnlyList<string> ChunkTypes { get; }

    /// <summary>The decompressed image data: each row's filter byte, then its R, G, B bytes.</summary>
    public ReadOnlySpan<byte> Scanlines => _pixels;

    public int Width { get; }

    public int Height { get; }

    public byte BitDepth { get; }

    public byte ColourType { get; }

    public Rgb this[int x, int y]
    {
        get
        {
            var row = y * (1 + (Width * 3));
            Assert.Equal(0, _pixels[row]);
            var index = row + 1 + (x * 3);
            return new Rgb(_pixels[index], _pixels[index + 1], _pixels[index + 2]);
        }
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in bytes)
        {
            crc ^= value;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
