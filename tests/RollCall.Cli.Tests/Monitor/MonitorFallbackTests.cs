using RollCall.Matrix.Show;
using RollCall.Testing;

namespace RollCall.Cli.Tests.Monitor;

/// <summary>Against a server with only the 2016 service, the monitor polls GetStatus instead of watching.</summary>
public sealed class MonitorFallbackTests : IDisposable
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _folder = new("rollcall-monitor");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WithoutWatchStatusItPollsThe2016GetStatusAndShowsTheCount()
    {
        await using var server = await LegacyOnlyServer.StartAsync(2, new Dictionary<string, string> { ["1"] = "Ada Lovelace", ["2"] = "Grace Hopper" });
        await using var monitor = InProcessMonitor.Start(
            "--server", server.Address.ToString(), "--framebuffer", _folder.File("fb"), "--poll-interval", "0.2", "--scroll-speed", "0.01");

        await Eventually.TrueAsync(() => monitor.Output.Count(AttendanceShow.AttendantsText(2)) == 1, _deadline);
        Assert.Contains("polling the 2016 GetStatus every 0.2 s (no WatchStatus)", monitor.Error.ToString());
        await Eventually.TrueAsync(
            () => FramebufferFile.Read(_folder.File("fb")) is { Length: FramebufferFile.Length } bytes
                && FramebufferFile.IsRedScrollOf(AttendanceShow.AttendantsText(2), FramebufferFile.Decode(bytes)),
            _deadline);

        // It keeps polling, and prints the count only when it changes.
        var calls = server.Board.Calls;
        await Eventually.TrueAsync(() => server.Board.Calls >= calls + 3, _deadline);
        Assert.Equal(1, monitor.Output.Count(AttendanceShow.AttendantsText(2)));
    }

    [Fact]
    public async Task InFallbackANameFilledInTheAttendantsMapIsWelcomed()
    {
        // Shaped like the 2016 Go server's map: keyed by code, unused codes with an empty name.
        await using var server = await LegacyOnlyServer.StartAsync(1, new Dictionary<string, string> { ["979509393"] = "Ada Lovelace", ["42"] = "" });
        await using var monitor = InProcessMonitor.Start(
            "--server", server.Address.ToString(), "--framebuffer", _folder.File("fb"), "--poll-interval", "0.2", "--scroll-speed", "0.01");
        await Eventually.TrueAsync(() => monitor.Output.Count(AttendanceShow.AttendantsText(1)) == 1, _deadline);

        server.Board.Set(2, new Dictionary<string, string> { ["979509393"] = "Ada Lovelace", ["42"] = "Grace Hopper" });

        await Eventually.TrueAsync(() => monitor.Output.Count("Welcome Grace!") == 1 && monitor.Output.Count(AttendanceShow.AttendantsText(2)) == 1, _deadline);
        Assert.DoesNotContain("Welcome Ada!", monitor.Output.ToString());
        Assert.Equal(0, await monitor.StopAsync());
    }
}
