using RollCall.Matrix.Displays;

namespace RollCall.Matrix.Tests;

public sealed class SenseHatFramebufferTests : IDisposable
{
    private static readonly Rgb _blue = new(0, 0, 128);
    private static readonly Rgb _green = new(0, 255, 0);
    private static readonly Rgb _pink = new(128, 64, 128);

    private readonly TempFolder _folder = new();

    // Red top-left, blue next to it, green and white further along the top row, pink bottom-right.
    private static readonly Frame _sample = Frame.Blank
        .With(0, 0, Rgb.Red)
        .With(1, 0, _blue)
        .With(2, 0, _green)
        .With(3, 0, Rgb.White)
        .With(7, 7, _pink);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AFrameIsWrittenAs128BytesOfLittleEndianRgb565()
    {
        var path = _folder.File("fb");
        await using var display = Open(path);

        await display.ShowAsync(_sample);

        var expected = new byte[128];
        Put(expected, x: 0, y: 0, 0x00, 0xF8); // (255, 0, 0) -> 0xF800
        Put(expected, x: 1, y: 0, 0x10, 0x00); // (0, 0, 128) -> 0x0010
        Put(expected, x: 2, y: 0, 0xE0, 0x07); // (0, 255, 0) -> 0x07E0
        Put(expected, x: 3, y: 0, 0xFF, 0xFF); // (255, 255, 255) -> 0xFFFF
        Put(expected, x: 7, y: 7, 0x10, 0x82); // (128, 64, 128) -> 0x8210
        Assert.Equal(expected, await ReadWhileOpenAsync(path));
    }

    [Fact]
    public async Task RotationNinetyMovesTheTopLeftPixelToTheTopRight()
    {
        var path = _folder.File("fb");
        await using var display = Open(path, Rotation.Clockwise90);

        await display.ShowAsync(_sample);

        // (x, y) is written at (7 - y, x).
        var expected = new byte[128];
        Put(expected, x: 7, y: 0, 0x00, 0xF8);
        Put(expected, x: 7, y: 1, 0x10, 0x00);
        Put(expected, x: 7, y: 2, 0xE0, 0x07);
        Put(expected, x: 7, y: 3, 0xFF, 0xFF);
        Put(expected, x: 0, y: 7, 0x10, 0x82);
        Assert.Equal(expected, await ReadWhileOpenAsync(path));
    }

    [Fact]
    public async Task RotationOneEightyWritesTheFrameUpsideDown()
    {
        var path = _folder.File("fb");
        await using var display = Open(path, Rotation.Clockwise180);

        await display.ShowAsync(_sample);

        var expected = new byte[128];
        Put(expected, x: 7, y: 7, 0x00, 0xF8);
        Put(expected, x: 6, y: 7, 0x10, 0x00);
        Put(expected, x: 5, y: 7, 0xE0, 0x07);
        Put(expected, x: 4, y: 7, 0xFF, 0xFF);
        Put(expected, x: 0, y: 0, 0x10, 0x82);
        Assert.Equal(expected, await ReadWhileOpenAsync(path));
    }

    [Fact]
    public async Task EachFrameOverwritesTheLastAtOffsetZero()
    {
        var path = _folder.File("fb");
        await using var display = Open(path);

        await display.ShowAsync(Sprites.Heart);
        await display.ShowAsync(Sprites.Gopher(_blue));
        await display.ShowAsync(_sample);

        var bytes = await ReadWhileOpenAsync(path);
        Assert.Equal(128, bytes.Length);
        Assert.Equal(SenseHatFramebuffer.Encode(_sample), bytes);
    }

    [Fact]
    public async Task DisposingTurnsTheLedsOffUnlessToldNotTo()
    {
        var cleared = _folder.File("cleared");
        var kept = _folder.File("kept");
        await using (var display = Open(cleared))
        {
            await display.ShowAsync(Sprites.Heart);
        }

        await using (var display = SenseHatFramebuffer.Open(new SenseHatFramebufferOptions { Path = kept, ClearOnDispose = false }))
        {
            await display.ShowAsync(Sprites.Heart);
        }

        Assert.Equal(new byte[128], await File.ReadAllBytesAsync(cleared));
        Assert.Equal(SenseHatFramebuffer.Encode(Sprites.Heart), await File.ReadAllBytesAsync(kept));
    }

    [Fact]
    public async Task LowLightOnAPlainFileFallsBackToDimmingThePixels()
    {
        var path = _folder.File("fb");
        await using var display = SenseHatFramebuffer.Open(new SenseHatFramebufferOptions { Path = path, LowLight = true });

        await display.ShowAsync(Frame.Filled(Rgb.Red));

        // A third of 255 is 85; 85 >> 3 = 10, so each pixel is 10 << 11 = 0x5000.
        var bytes = await ReadWhileOpenAsync(path);
        Assert.Equal(LowLightMode.Software, display.LowLightMode);
        Assert.All(bytes.Chunk(2), pixel => Assert.Equal(new byte[] { 0x00, 0x50 }, pixel));

        display.SetLowLight(false);
        await display.ShowAsync(Frame.Filled(Rgb.Red));
        Assert.Equal(LowLightMode.Off, display.LowLightMode);
        Assert.All((await ReadWhileOpenAsync(path)).Chunk(2), pixel => Assert.Equal(new byte[] { 0x00, 0xF8 }, pixel));
    }

    [Fact]
    public async Task APlainFileHasNoGammaTable()
    {
        await using var display = Open(_folder.File("fb"));

        Assert.Null(display.ReadGamma());
        Assert.Throws<NotSupportedException>(() => display.WriteGamma(new byte[32]));
        Assert.Throws<ArgumentException>(() => display.WriteGamma(new byte[31]));
        Assert.Throws<ArgumentException>(() => display.WriteGamma(Enumerable.Repeat((byte)32, 32).ToArray()));
    }

    [Fact]
    public async Task RotationCanChangeBetweenFrames()
    {
        var path = _folder.File("fb");
        await using var display = Open(path);

        display.Rotation = Rotation.Clockwise270;
        await display.ShowAsync(_sample);

        Assert.Equal(SenseHatFramebuffer.Encode(_sample.Rotate(Rotation.Clockwise270)), await ReadWhileOpenAsync(path));
        Assert.Equal(Rgb.Red.ToRgb565(), BitConverter.ToUInt16(await ReadWhileOpenAsync(path), 7 * 8 * 2));
    }

    private static SenseHatFramebuffer Open(string path, Rotation rotation = Rotation.None) =>
        SenseHatFramebuffer.Open(new SenseHatFramebufferOptions { Path = path, Rotation = rotation });

    private static void Put(byte[] bytes, int x, int y, byte low, byte high)
    {
        bytes[((y * 8) + x) * 2] = low;
        bytes[(((y * 8) + x) * 2) + 1] = high;
    }

    private static async Task<byte[]> ReadWhileOpenAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[file.Length];
        await file.ReadExactlyAsync(bytes);
        return bytes;
    }
}
