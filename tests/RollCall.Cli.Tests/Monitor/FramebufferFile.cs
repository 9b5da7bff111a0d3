using RollCall.Matrix;
using RollCall.Matrix.Text;

namespace RollCall.Cli.Tests.Monitor;

/// <summary>
/// Reads the Sense HAT byte format back from a framebuffer file, decoding it by hand (64 pixels,
/// row-major, RGB565 little-endian) so the tests do not trust the encoder they check.
/// </summary>
internal static class FramebufferFile
{
    public const int Length = 128;

    /// <summary>The file's bytes, or null while it does not exist yet.</summary>
    public static byte[]? Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The 64 pixels of 128 bytes, widened from 5/6/5 bits to 8 bits as sense_hat's get_pixels does.</summary>
    public static (int R, int G, int B)[] Decode(byte[] bytes)
    {
        Assert.Equal(Length, bytes.Length);
        var pixels = new (int, int, int)[64];
        for (var i = 0; i < 64; i++)
        {
            var value = bytes[2 * i] | (bytes[(2 * i) + 1] << 8);
            pixels[i] = (((value >> 11) & 0x1F) << 3, ((value >> 5) & 0x3F) << 2, (value & 0x1F) << 3);
        }

        return pixels;
    }

    /// <summary>The bytes a frame should become, encoded here independently of the library.</summary>
    public static byte[] Encode(Frame frame)
    {
        var bytes = new byte[Length];
        var pixels = frame.Pixels;
        for (var i = 0; i < 64; i++)
        {
            var value = ((pixels[i].R >> 3) << 11) | ((pixels[i].G >> 2) << 5) | (pixels[i].B >> 3);
            bytes[2 * i] = (byte)(value & 0xFF);
            bytes[(2 * i) + 1] = (byte)(value >> 8);
        }

        return bytes;
    }

    /// <summary>Which LEDs are lit, as a 64-character string of '#' and '.', row-major.</summary>
    public static string Lit((int R, int G, int B)[] pixels) =>
        new([.. pixels.Select(p => p == (0, 0, 0) ? '.' : '#')]);

    public static string Lit(Frame frame)
    {
        var pixels = frame.Pixels;
        var lit = new char[64];
        for (var i = 0; i < 64; i++)
        {
            lit[i] = pixels[i].IsOff ? '.' : '#';
        }

        return new string(lit);
    }

    /// <summary>
    /// True when the pixels are one frame of the red scroll of <paramref name="text"/> (turned by
    /// <paramref name="rotation"/>), not blank, with every lit LED pure red as RGB565 keeps it.
    /// </summary>
    public static bool IsRedScrollOf(string text, (int R, int G, int B)[] pixels, Rotation rotation = Rotation.None)
    {
        var lit = Lit(pixels);
        if (!lit.Contains('#') || pixels.Any(p => p != (0, 0, 0) && p != (248, 0, 0)))
        {
            return false;
        }

        return ScrollMasks(text, rotation).Contains(lit);
    }

    public static HashSet<string> ScrollMasks(string text, Rotation rotation) =>
        [.. TextScroller.Frames(text, Rgb.Red).Select(frame => Lit(frame.Rotate(rotation))).Where(mask => mask.Contains('#'))];
}
