using Grpc.Net.Client;
using RollCall.Matrix;
using RollCall.Matrix.Show;
using RollCall.Matrix.Text;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Cli.Tests.Monitor;

/// <summary><c>rollcall monitor</c> in-process against a real server on loopback, read through its framebuffer file and output.</summary>
public sealed class MonitorTests : IAsyncLifetime
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _folder = new("rollcall-monitor");
    private RollCallApplication _app = null!;
    private GrpcChannel _channel = null!;
    private string _server = null!;

    private string Framebuffer => _folder.File("fb");

    public Task InitializeAsync()
    {
        _app = new RollCallApplication().StartKestrel();
        _channel = _app.CreateChannel();
        _server = _app.GrpcAddress!.ToString().TrimEnd('/');
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task TheFramebufferFileHoldsExactly128BytesOfRedRgb565TextWhileTheCountScrolls()
    {
        await RegisterAsync("Ada", "Grace", "Linus");
        await using var monitor = InProcessMonitor.Start("--server", _server, "--framebuffer", Framebuffer, "--scroll-speed", "0.01");
        var text = AttendanceShow.AttendantsText(3);
        var seen = new HashSet<string>();

        await Eventually.TrueAsync(
            () =>
            {
                if (FramebufferFile.Read(Framebuffer) is { Length: FramebufferFile.Length } bytes
                    && FramebufferFile.Decode(bytes) is var pixels
                    && FramebufferFile.IsRedScrollOf(text, pixels))
                {
                    seen.Add(FramebufferFile.Lit(pixels));
                }

                return seen.Count >= 5;
            },
            _deadline);

        Assert.Equal(FramebufferFile.Length, new FileInfo(Framebuffer).Length);
        await Eventually.TrueAsync(() => monitor.Output.Count(text) == 1, _deadline);
    }

    [Fact]
    public async Task RotationTurnsEveryFrameBeforeItIsWritten()
    {
        await RegisterAsync("Ada", "Grace", "Linus");
        await using var monitor = InProcessMonitor.Start("--server", _server, "--framebuffer", Framebuffer, "--rotation", "90", "--scroll-speed", "0.01");
        var text = AttendanceShow.AttendantsText(3);
        var upright = FramebufferFile.ScrollMasks(text, Rotation.None);
        var turned = new HashSet<string>();

        await Eventually.TrueAsync(
            () =>
            {
                if (FramebufferFile.Read(Framebuffer) is { Length: FramebufferFile.Length } bytes
                    && FramebufferFile.Decode(bytes) is var pixels
                    && FramebufferFile.IsRedScrollOf(text, pixels, Rotation.Clockwise90)
                    && !upright.Contains(FramebufferFile.Lit(pixels)))
                {
                    turned.Add(FramebufferFile.Lit(pixels));
                }

                return turned.Count >= 5;
            },
            _deadline);
    }

    [Fact]
    public async Task LowLightOnAPlainFileDimsThePixelsToAThird()
    {
        await RegisterAsync("Ada");
        await using var monitor = InProcessMonitor.Start("--server", _server, "--framebuffer", Framebuffer, "--low-light", "--scroll-speed", "0.01");
        var dimRed = FramebufferFile.Decode(FramebufferFile.Encode(Frame.Filled(Rgb.Red.Scale(FrameTransforms.LowLightBrightness))))[0];

        await Eventually.TrueAsync(
            () => FramebufferFile.Read(Framebuffer) is { Length: FramebufferFile.Length } bytes
                && FramebufferFile.Decode(bytes) is var pixels
                && pixels.Any(p => p != (0, 0, 0))
                && pixels.All(p => p == (0, 0, 0) || p == dimRed),
            _deadline);
        Assert.True(dimRed.R is > 0 and < 128, dimRed.ToString());
    }

    [Fact]
    public async Task ARegistrationWhileRunningIsWelcomedByFirstNameInGreen()
    {
        await RegisterAsync("Ada", "Grace");
        await using var monitor = InProcessMonitor.Start("--server", _server, "--framebuffer", Framebuffer, "--scroll-speed", "0.01");
        await Eventually.TrueAsync(() => monitor.Output.Count(AttendanceShow.AttendantsText(2)) == 1, _deadline);

        await RegisterAsync("Dora");

        await Eventually.TrueAsync(() => monitor.Output.Count("Welcome Dora!") == 1 && monitor.Output.Count(AttendanceShow.AttendantsText(3)) == 1, _deadline);
        await Eventually.TrueAsync(
            () => FramebufferFile.Read(Framebuffer) is { Length: FramebufferFile.Length } bytes
                && FramebufferFile.Decode(bytes).Any(p => p == (0, 252, 0)),
            _deadline);
    }

    [Fact]
    public async Task WhenTheServerHidesNamesTheWelcomeHasNoName()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:PublicNames"] = "false" }).StartKestrel();
        using var channel = app.CreateChannel();
        await using var monitor = InProcessMonitor.Start("--server", app.GrpcAddress!.ToString(), "--framebuffer", Framebuffer, "--scroll-speed", "0.01");
        await Eventually.TrueAsync(() => monitor.Output.Count(AttendanceShow.AttendantsText(0)) == 1, _deadline);

        var code = (await AdminCalls.MintAsync(channel, app.AdminToken, 1))[0];
        await new Registration.RegistrationClient(channel).RegisterAsync(new RegisterRequest { FirstName = "Secret", LastName = "Agent", Code = code });

        await Eventually.TrueAsync(() => monitor.Output.Count("Welcome!") == 1 && monitor.Output.Count(AttendanceShow.AttendantsText(1)) == 1, _deadline);
        Assert.DoesNotContain("Secret", monitor.Output.ToString());
    }

    [Fact]
    public async Task StoppingClearsTheMatrixAndExitsZero()
    {
        await RegisterAsync("Ada");
        var monitor = InProcessMonitor.Start("--server", _server, "--framebuffer", Framebuffer, "--scroll-speed", "0.01");
        await using (monitor)
        {
            await Eventually.TrueAsync(() => FramebufferFile.Read(Framebuffer) is { } bytes && bytes.Any(b => b != 0), _deadline);

            Assert.Equal(0, await monitor.StopAsync());
        }

        Assert.Equal(new byte[FramebufferFile.Length], FramebufferFile.Read(Framebuffer));
        Assert.Equal([$"rollcall: connected to {_server}; live updates (WatchStatus)."], SharedWriter.Lines(monitor.Error.ToString()));
    }

    [Fact]
    public async Task PngDisplayWithRoundsPlaysOneRoundWritesEveryFrameAndAStripThenExits()
    {
        await RegisterAsync("Ada", "Grace", "Linus");
        var pngFolder = _folder.File("png");
        await using var monitor = InProcessMonitor.Start("--server", _server, "--display", "png", "--png-out", pngFolder, "--rounds", "1", "--scroll-speed", "0.005");

        Assert.Equal(0, await monitor.ExitAsync(TimeSpan.FromSeconds(60)));

        // One round: the scroll, the gopher in its three colours, the heart.
        var expected = TextScroller.FrameCount(AttendanceShow.AttendantsText(3)) + 3 + 1;
        Assert.Equal(expected, Directory.GetFiles(pngFolder, "frame-*.png").Length);
        var strip = await File.ReadAllBytesAsync(Path.Combine(pngFolder, "strip.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], strip[..4]);
        Assert.Equal(1, monitor.Output.Count(AttendanceShow.AttendantsText(3)));
    }

    [Fact]
    public async Task TheMonitorFollowsTheCurrentEventAndSpeaksItsLanguageWithoutARestart()
    {
        var events = new Events.EventsClient(_channel);
        var headers = AdminCalls.Bearer(_app.AdminToken);
        await events.CreateEventAsync(new CreateEventRequest { Event = new Event { Slug = "golang-es", Title = "Golang Medellín", Language = "es" } }, headers);
        await events.CreateEventAsync(new CreateEventRequest { Event = new Event { Slug = "meetup-en", Title = "Meetup", Language = "en" } }, headers);
        await RegisterAsync("José");
        await using var monitor = InProcessMonitor.Start("--server", _server, "--framebuffer", Framebuffer, "--scroll-speed", "0.01");
        var spanish = new AttendanceShow(new ShowOptions { Culture = System.Globalization.CultureInfo.GetCultureInfo("es") }).CountText(1);

        await Eventually.TrueAsync(
            () => FramebufferFile.Read(Framebuffer) is { Length: FramebufferFile.Length } bytes && FramebufferFile.IsRedScrollOf(spanish, FramebufferFile.Decode(bytes)),
            _deadline,
            () => monitor.Output.ToString() + monitor.Error.ToString());
        await events.SetCurrentEventAsync(new SetCurrentEventRequest { Event = "meetup-en" }, headers);
        await Eventually.TrueAsync(() => monitor.Output.ToString().Contains(AttendanceShow.AttendantsText(0), StringComparison.Ordinal), _deadline, () => monitor.Output.ToString());

        Assert.Equal("Asistentes: 1 :-)", spanish);
        Assert.Contains("showing Meetup (meetup-en), in 'en'.", monitor.Error.ToString());
    }

    private async Task RegisterAsync(params string[] firstNames)
    {
        var codes = await AdminCalls.MintAsync(_channel, _app.AdminToken, firstNames.Length);
        var registration = new Registration.RegistrationClient(_channel);
        for (var i = 0; i < firstNames.Length; i++)
        {
            await registration.RegisterAsync(new RegisterRequest { FirstName = firstNames[i], LastName = "Tester", Code = codes[i] });
        }
    }
}
