using Grpc.Net.Client;
using RollCall.Matrix;
using RollCall.Matrix.Show;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Cli.Tests.Monitor;

/// <summary>
/// The monitor as a real process against the server as a real process: the show, a welcome, the
/// server dying and coming back on the same ports and data, and SIGTERM.
/// </summary>
public sealed class MonitorProcessTests : IDisposable
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _folder = new("rollcall-monitor");

    private string Framebuffer => _folder.File("fb");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TheMonitorShowsTheCountWelcomesGoesOfflineWhenTheServerDiesRecoversAndStopsCleanlyOnSigterm()
    {
        var data = _folder.File("data");
        await using var server = await ServerProcess.StartAsync(data);
        await RegisterAsync(server, "Ada", "Grace", "Linus");
        await using var monitor = MonitorProcess.Start(
            "--server", server.GrpcAddress.ToString(), "--framebuffer", Framebuffer, "--scroll-speed", "0.01");

        // The count, on stdout as in 2016 and in red on the matrix.
        await WaitForAsync(monitor, () => monitor.Output.Count(AttendanceShow.AttendantsText(3)) == 1 && ShowsRedScrollOf(AttendanceShow.AttendantsText(3)));

        // A registration while it runs: a welcome, in green.
        await RegisterAsync(server, "Dora");
        await WaitForAsync(monitor, () => monitor.Output.Count("Welcome Dora!") == 1 && monitor.Output.Count(AttendanceShow.AttendantsText(4)) == 1);
        await WaitForAsync(monitor, () => Pixels() is { } pixels && pixels.Any(p => p == (0, 252, 0)));

        // The server dies: the offline icon, exactly, and one line on stderr however many retries.
        await server.KillAsync();
        var offlineIcon = FramebufferFile.Encode(Sprites.Offline);
        await WaitForAsync(monitor, () => FramebufferFile.Read(Framebuffer) is { } bytes && bytes.AsSpan().SequenceEqual(offlineIcon));

        // The same server comes back on the same ports and data: the monitor recovers by itself.
        await using var restarted = await ServerProcess.StartAsync(data, webPort: server.WebAddress.Port, grpcPort: server.GrpcAddress.Port);
        await WaitForAsync(monitor, () => monitor.Output.Count(AttendanceShow.AttendantsText(4)) == 2 && ShowsRedScrollOf(AttendanceShow.AttendantsText(4)));
        var notices = SharedWriter.Lines(monitor.Error.ToString());
        Assert.Single(notices, line => line.StartsWith("rollcall: offline: ", StringComparison.Ordinal));
        Assert.Contains(notices, line => line.StartsWith("rollcall: offline: lost ", StringComparison.Ordinal));
        Assert.Single(notices, line => line.StartsWith("rollcall: back online: ", StringComparison.Ordinal));

        // systemd stops it with SIGTERM: exit 0 and a dark matrix.
        Assert.Equal(0, await monitor.TerminateAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(new byte[FramebufferFile.Length], FramebufferFile.Read(Framebuffer));
    }

    [Fact]
    public async Task SigtermWhileTheServerWasNeverReachableStillExitsZeroAndClearsTheMatrix()
    {
        using var nowhere = new RefusingPort();
        var port = nowhere.Port;
        await using var monitor = MonitorProcess.Start("--server", $"http://127.0.0.1:{port}", "--framebuffer", Framebuffer);
        var offlineIcon = FramebufferFile.Encode(Sprites.Offline);
        await WaitForAsync(monitor, () => FramebufferFile.Read(Framebuffer) is { } bytes && bytes.AsSpan().SequenceEqual(offlineIcon));

        Assert.Equal(0, await monitor.TerminateAsync(TimeSpan.FromSeconds(15)));

        Assert.Equal(new byte[FramebufferFile.Length], FramebufferFile.Read(Framebuffer));
        var notices = SharedWriter.Lines(monitor.Error.ToString());
        Assert.StartsWith($"rollcall: offline: cannot reach http://127.0.0.1:{port} (", Assert.Single(notices));
        Assert.Empty(SharedWriter.Lines(monitor.Output.ToString()));
    }

    private bool ShowsRedScrollOf(string text) => Pixels() is { } pixels && FramebufferFile.IsRedScrollOf(text, pixels);

    private (int R, int G, int B)[]? Pixels() =>
        FramebufferFile.Read(Framebuffer) is { Length: FramebufferFile.Length } bytes ? FramebufferFile.Decode(bytes) : null;

    private static async Task WaitForAsync(MonitorProcess monitor, Func<bool> condition)
    {
        try
        {
            await Eventually.TrueAsync(() => monitor.HasExited || condition(), _deadline);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}\n{monitor}", exception);
        }

        Assert.False(monitor.HasExited, $"The monitor exited early.\n{monitor}");
    }

    private static async Task RegisterAsync(ServerProcess server, params string[] firstNames)
    {
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var codes = await AdminCalls.MintAsync(channel, server.AdminToken, firstNames.Length);
        var registration = new Registration.RegistrationClient(channel);
        for (var i = 0; i < firstNames.Length; i++)
        {
            await registration.RegisterAsync(new RegisterRequest { FirstName = firstNames[i], LastName = "Tester", Code = codes[i] });
        }
    }
}
