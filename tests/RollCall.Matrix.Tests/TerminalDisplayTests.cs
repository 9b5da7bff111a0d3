using RollCall.Matrix.Displays;

namespace RollCall.Matrix.Tests;

public sealed class TerminalDisplayTests
{
    private const string Esc = "\u001b[";

    [Fact]
    public async Task AFrameIsDrawnWith24BitBackgroundColours()
    {
        var output = new StringWriter();
        await using var display = new TerminalDisplay(output);

        await display.ShowAsync(Sprites.Heart);

        var text = output.ToString();
        Assert.StartsWith(Esc + "?25l", text, StringComparison.Ordinal);
        Assert.Contains(Esc + "48;2;255;0;0m  ", text, StringComparison.Ordinal);
        Assert.Contains(Esc + "48;2;28;28;28m  ", text, StringComparison.Ordinal);
        Assert.Equal(8, text.Count(character => character == '\n'));
        Assert.Equal(64, CountOf(text, "m  "));
    }

    [Fact]
    public async Task LaterFramesAreRedrawnInPlace()
    {
        var output = new StringWriter();
        await using var display = new TerminalDisplay(output);
        await display.ShowAsync(Sprites.Heart);
        var first = output.ToString().Length;

        await display.ShowAsync(Sprites.Offline);

        var second = output.ToString()[first..];
        Assert.StartsWith(Esc + "8A", second, StringComparison.Ordinal);
        Assert.Equal(8, second.Count(character => character == '\n'));
    }

    [Fact]
    public async Task DisposingErasesTheBoardAndShowsTheCursor()
    {
        var output = new StringWriter();
        var display = new TerminalDisplay(output);
        await display.ShowAsync(Sprites.Heart);
        var drawn = output.ToString().Length;

        await display.DisposeAsync();

        Assert.Equal(Esc + "8A\r" + Esc + "0J" + Esc + "?25h", output.ToString()[drawn..]);
    }

    [Fact]
    public async Task LowLightAndRotationApplyToTheDrawing()
    {
        var output = new StringWriter();
        await using var display = new TerminalDisplay(output, new TerminalDisplayOptions { LowLight = true, Rotation = Rotation.Clockwise90, OffColour = Rgb.Black });

        await display.ShowAsync(Frame.Blank.With(0, 0, Rgb.Red));

        // Rotated, the red pixel is the last of the first line.
        var firstLine = output.ToString().Split('\n')[0];
        Assert.EndsWith(Esc + "48;2;85;0;0m  " + Esc + "0m", firstLine, StringComparison.Ordinal);
        Assert.DoesNotContain("255;0;0", output.ToString(), StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var index = text.IndexOf(part, StringComparison.Ordinal); index >= 0; index = text.IndexOf(part, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
