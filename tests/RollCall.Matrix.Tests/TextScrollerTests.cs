using RollCall.Matrix.Text;

namespace RollCall.Matrix.Tests;

public sealed class TextScrollerTests
{
    // "Hi" as the font draws it: H, one blank column, the trimmed i.
    private static readonly string[] _hi =
    [
        "#...#..#.",
        "#...#....",
        "#...#.##.",
        "#####..#.",
        "#...#..#.",
        "#...#..#.",
        "#...#.###",
        ".........",
    ];

    [Fact]
    public void ScrollingHiProducesTheExpectedFrames()
    {
        var frames = TextScroller.Frames("Hi", Rgb.Red);

        // Eight blank columns either side; frame k shows columns k..k+7.
        var strip = _hi.Select(row => new string('.', 8) + row + new string('.', 8)).ToArray();
        Assert.Equal(18, frames.Count);
        for (var k = 0; k < frames.Count; k++)
        {
            var window = strip.Select(row => row.Substring(k, 8)).ToArray();
            Assert.Equal(Frame.FromPattern(Rgb.Red, window), frames[k]);
        }
    }

    [Fact]
    public void HiEntersFromTheRightEdgeAndLeavesToTheLeft()
    {
        var frames = TextScroller.Frames("Hi", Rgb.Red);

        Assert.Equal(Frame.Blank, frames[0]);
        Assert.Equal(
            Frame.FromPattern(Rgb.Red, ".......#", ".......#", ".......#", ".......#", ".......#", ".......#", ".......#", "........"),
            frames[1]);
        Assert.Equal(
            Frame.FromPattern(Rgb.Red, "...#..#.", "...#....", "...#.##.", "####..#.", "...#..#.", "...#..#.", "...#.###", "........"),
            frames[9]);
        Assert.Equal(
            Frame.FromPattern(Rgb.Red, "#.......", "........", "#.......", "#.......", "#.......", "#.......", "##......", "........"),
            frames[15]);
        Assert.Equal(
            Frame.FromPattern(Rgb.Red, "........", "........", "........", "........", "........", "........", "#.......", "........"),
            frames[16]);
        Assert.Equal(Frame.Blank, frames[17]);
    }

    [Theory]
    [InlineData("", 9)]
    [InlineData("H", 14)]
    [InlineData("Hi", 18)]
    [InlineData("Attendants: 3 :-)", 96)]
    public void AScrollHasOneFramePerColumnOfTextPlusNine(string text, int frames)
    {
        Assert.Equal(frames, TextScroller.FrameCount(text));
        Assert.Equal(frames, TextScroller.Frames(text, Rgb.Red).Count);
        Assert.Equal(BitmapFont.Default.MeasureWidth(text) + 9, frames);
    }

    [Fact]
    public void AnUnknownCharacterScrollsLikeAQuestionMark()
    {
        var expected = TextScroller.Frames("a?b", Rgb.Red);

        Assert.Equal(expected, TextScroller.Frames("a中b", Rgb.Red));
        Assert.Equal(expected, TextScroller.Frames("a😀b", Rgb.Red));
        Assert.NotEqual(expected, TextScroller.Frames("a.b", Rgb.Red));
    }

    [Fact]
    public void TheTextIsDrawnInItsColourOnTheBackground()
    {
        var background = new Rgb(0, 0, 30);
        var frame = TextScroller.Frames("H", Rgb.White, background)[8];

        Assert.Equal(Rgb.White, frame[0, 0]);
        Assert.Equal(background, frame[1, 0]);
        Assert.Equal(background, frame[7, 7]);
    }

    [Fact]
    public void StepsLastTheScrollSpeedEach()
    {
        var steps = TextScroller.Steps("Hi", Rgb.Red);
        var slow = TextScroller.Steps("Hi", Rgb.Red, TimeSpan.FromSeconds(0.1));

        Assert.All(steps, step => Assert.Equal(TimeSpan.FromSeconds(0.08), step.Duration));
        Assert.All(slow, step => Assert.Equal(TimeSpan.FromSeconds(0.1), step.Duration));
        Assert.Equal(TextScroller.Frames("Hi", Rgb.Red), steps.Select(step => step.Frame));
    }
}
