using System.Text.Json;

namespace RollCall.Matrix.Tests;

public sealed class FrameTests
{
    [Fact]
    public void APatternPutsEachCharacterAtItsColumnAndRow()
    {
        var frame = Frame.FromPattern(
            new Dictionary<char, Rgb> { ['r'] = Rgb.Red, ['b'] = new Rgb(0, 0, 128) },
            "r.......",
            "........",
            "........",
            "........",
            "........",
            "........",
            "........",
            "......b.");

        Assert.Equal(Rgb.Red, frame[0, 0]);
        Assert.Equal(new Rgb(0, 0, 128), frame[6, 7]);
        Assert.Equal(Rgb.Black, frame[1, 0]);
        Assert.Equal(new Rgb(0, 0, 128), frame.Pixels[(7 * 8) + 6]);
    }

    [Fact]
    public void FramesWithTheSamePixelsAreEqual()
    {
        var first = Frame.Blank.With(3, 4, Rgb.Red);
        var second = Frame.FromPattern(Rgb.Red, "........", "........", "........", "........", "...#....", "........", "........", "........");

        Assert.Equal(first, second);
        Assert.True(first == second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, first.With(3, 4, Rgb.White));
        Assert.NotEqual(Frame.Blank, first);
    }

    [Fact]
    public void WithLeavesTheOriginalFrameUnchanged()
    {
        var changed = Frame.Blank.With(0, 0, Rgb.Red);

        Assert.True(Frame.Blank.IsBlank);
        Assert.False(changed.IsBlank);
    }

    [Fact]
    public void APatternOfTheWrongSizeOrWithAnUnknownCharacterIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Frame.FromPattern(Rgb.Red, "........"));
        Assert.Throws<ArgumentException>(() => Frame.FromPattern(Rgb.Red, "#########", "........", "........", "........", "........", "........", "........", "........"));
        Assert.Throws<ArgumentException>(() => Frame.FromPattern(Rgb.Red, "x.......", "........", "........", "........", "........", "........", "........", "........"));
    }

    [Fact]
    public void HexHasSixDigitsPerPixelRowMajorAndRoundTrips()
    {
        var frame = Frame.Blank.With(0, 0, Rgb.Red).With(1, 0, new Rgb(0x12, 0xab, 0x0f)).With(7, 7, Rgb.White);

        var hex = frame.ToHex();

        Assert.Equal(384, hex.Length);
        Assert.StartsWith("ff000012ab0f000000", hex, StringComparison.Ordinal);
        Assert.EndsWith("000000ffffff", hex, StringComparison.Ordinal);
        Assert.Equal(frame, Frame.FromHex(hex));
        Assert.Equal(frame, Frame.FromRgbBytes(frame.ToRgbBytes()));
    }

    [Fact]
    public void MalformedHexIsRejected()
    {
        Assert.Throws<FormatException>(() => Frame.FromHex("ff0000"));
        Assert.Throws<FormatException>(() => Frame.FromHex(new string('g', 384)));
    }

    [Fact]
    public void ToStringDrawsLitPixelsAsHashes()
    {
        var frame = Frame.Blank.With(0, 0, Rgb.Red).With(7, 1, Rgb.White);

        Assert.Equal(
            "#.......\n.......#\n........\n........\n........\n........\n........\n........",
            frame.ToString());
    }

    [Fact]
    public void AColourReadsAndWritesAsSixHexDigits()
    {
        Assert.Equal("804080", new Rgb(128, 64, 128).ToHex());
        Assert.Equal(new Rgb(128, 64, 128), Rgb.ParseHex("#804080"));
        Assert.Throws<FormatException>(() => Rgb.ParseHex("80408"));
    }

    [Fact]
    public void AStepSerializesToJsonTheBoardPageCanRead()
    {
        var step = new FrameStep(Sprites.Heart, TimeSpan.FromSeconds(0.08), Scene.Attendants);

        var json = JsonSerializer.Serialize(FrameStepDto.FromSteps([step]), JsonSerializerOptions.Web);
        var back = JsonSerializer.Deserialize<FrameStepDto[]>(json, JsonSerializerOptions.Web);

        Assert.StartsWith("[{\"pixels\":\"000000ff0000ff0000000000", json, StringComparison.Ordinal);
        Assert.Contains("\"durationMs\":80,\"scene\":\"Attendants\"}]", json, StringComparison.Ordinal);
        Assert.NotNull(back);
        Assert.Equal(step, Assert.Single(back).ToStep());
    }
}
