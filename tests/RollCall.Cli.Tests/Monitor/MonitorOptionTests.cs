namespace RollCall.Cli.Tests.Monitor;

/// <summary>Bad <c>rollcall monitor</c> options are refused with a clear message, before anything starts.</summary>
public sealed class MonitorOptionTests
{
    [Theory]
    [InlineData("monitor --display png", "--display png needs --png-out DIR.")]
    [InlineData("monitor --rotation 45", "45")]
    [InlineData("monitor --display terminal --framebuffer /tmp/fb", "--framebuffer is for --display sensehat.")]
    [InlineData("monitor --scroll-speed 0", "--scroll-speed must be between 0.001 and 10 seconds.")]
    [InlineData("monitor --poll-interval -1", "--poll-interval must be between 0.001 and 3600 seconds.")]
    [InlineData("monitor --rounds -1", "--rounds must be 0 or more.")]
    [InlineData("monitor --display lcd", "lcd")]
    public async Task BadOptionsAreRefusedWithAMessage(string commandLine, string message)
    {
        var (exit, _, error) = await CliRunner.RunAsync(commandLine);

        Assert.NotEqual(0, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task ABadServerUrlIsExplained()
    {
        var (exit, _, error) = await CliRunner.RunAsync("monitor --server not-a-url --display png --png-out /tmp/unused");

        Assert.Equal(1, exit);
        Assert.Equal("rollcall: --server must be an http:// or https:// URL, not 'not-a-url'.", error.Trim());
    }

    [Fact]
    public async Task WithoutASenseHatTheSenseHatDisplaySaysHowToEnableIt()
    {
        var (exit, _, error) = await CliRunner.RunAsync("monitor --display sensehat --server http://127.0.0.1:1");

        Assert.Equal(2, exit);
        Assert.StartsWith("rollcall: No Sense HAT LED matrix found", error);
        Assert.Contains("dtoverlay=rpi-sense", error);
        Assert.Single(SharedWriter.Lines(error));
    }

    [Fact]
    public async Task HelpListsTheMonitorOptions()
    {
        var (exit, output, _) = await CliRunner.RunAsync("monitor --help");

        Assert.Equal(0, exit);
        foreach (var option in new[] { "--display", "--framebuffer", "--rotation", "--low-light", "--scroll-speed", "--poll-interval", "--png-out", "--rounds", "--server" })
        {
            Assert.Contains(option, output);
        }
    }
}
