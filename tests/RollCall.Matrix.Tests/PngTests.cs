using RollCall.Matrix.Displays;
using RollCall.Matrix.Png;

namespace RollCall.Matrix.Tests;

public sealed class PngTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AFrameBecomesAValidPngOfOneBoard()
    {
        var png = new PngReader(PngStrip.EncodeFrame(Sprites.Heart));

        // 8 LEDs of 24 pixels plus a 12 pixel margin each side.
        Assert.Equal((216, 216), (png.Width, png.Height));
        Assert.Equal((8, 2), (png.BitDepth, png.ColourType));
        Assert.Equal(["IHDR", "IDAT", "IEND"], png.ChunkTypes);
    }

    [Fact]
    public void EachLedIsADotOnTheDarkBoard()
    {
        var style = new BoardStyle();
        var png = new PngReader(PngStrip.EncodeFrame(Sprites.Heart, style));

        // Centre of LED (x, y) is at margin + 24x + 12.
        Assert.Equal(Rgb.Red, png[12 + 24 + 12, 12 + 12]);
        Assert.Equal(style.OffColour, png[12 + 12, 12 + 12]);
        Assert.Equal(style.BoardColour, png[0, 0]);
        Assert.Equal(style.BoardColour, png[12 + 24, 12 + 24]);
    }

    [Fact]
    public void AStripLaysFramesOutInAGrid()
    {
        var frames = Enumerable.Repeat(Frame.Blank, 9).Append(Sprites.Heart).ToList();

        var png = new PngReader(PngStrip.Encode(frames, columns: 4, new BoardStyle { LedSize = 10, Margin = 5, Gap = 4 }));

        // A board is 8 * 10 + 2 * 5 = 90 pixels: 4 across and 3 down with 4 pixel gaps.
        Assert.Equal((4 * 90) + (3 * 4), png.Width);
        Assert.Equal((3 * 90) + (2 * 4), png.Height);
        Assert.Equal(Rgb.Red, png[(94 * 1) + 5 + 10 + 5, (94 * 2) + 5 + 5]);
        Assert.Equal(Rgb.White, png[90 + 2, 0]);
    }

    [Fact]
    public async Task ThePngDisplayWritesNumberedFilesIntoItsFolder()
    {
        var folder = Path.Combine(_folder.Path, "frames");
        await using (var display = new PngDisplay(folder))
        {
            await display.ShowAsync(Sprites.Heart);
            await display.ShowAsync(Sprites.Offline);
            await display.ClearAsync();
            Assert.Equal(3, display.FramesWritten);
        }

        Assert.Equal(["frame-00001.png", "frame-00002.png", "frame-00003.png"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal(PngStrip.EncodeFrame(Sprites.Offline), await File.ReadAllBytesAsync(Path.Combine(folder, "frame-00002.png")));
        Assert.Equal(216, new PngReader(await File.ReadAllBytesAsync(Path.Combine(folder, "frame-00003.png"))).Width);
    }

    [Fact]
    public async Task AStripIsWrittenToAFile()
    {
        var path = _folder.File("welcome.png");

        await PngStrip.WriteAsync(path, Sprites.WelcomeSparkle, columns: 3);

        var png = new PngReader(await File.ReadAllBytesAsync(path));
        Assert.Equal(((3 * 216) + (2 * 8), (2 * 216) + 8), (png.Width, png.Height));
    }
}
