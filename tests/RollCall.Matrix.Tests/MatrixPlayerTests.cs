using RollCall.Matrix.Show;

namespace RollCall.Matrix.Tests;

public sealed class MatrixPlayerTests
{
    private readonly WaitingClock _time = new();

    [Fact]
    public async Task EachFrameStaysForItsDuration()
    {
        var display = new RecordingDisplay(_time);
        var start = _time.GetUtcNow();
        var steps = new[]
        {
            new FrameStep(Sprites.Heart, TimeSpan.FromSeconds(3)),
            new FrameStep(Sprites.Offline, TimeSpan.FromSeconds(1)),
            new FrameStep(Frame.Blank, TimeSpan.FromSeconds(1)),
        };

        var playing = new MatrixPlayer(display, _time).PlayAsync(steps);
        await _time.WaitForTimersAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Single(display.Shown);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await _time.WaitForTimersAsync(2);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _time.WaitForTimersAsync(3);
        _time.Advance(TimeSpan.FromSeconds(1));
        await playing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(
            [(Sprites.Heart, start), (Sprites.Offline, start.AddSeconds(3)), (Frame.Blank, start.AddSeconds(4))],
            display.Shown);
    }

    [Fact]
    public async Task AWelcomeCutsTheHeartShortWithoutWaitingForTheClock()
    {
        var display = new RecordingDisplay(_time);
        var state = new ShowState(attendants: 2);
        var show = new AttendanceShow(new ShowOptions { ScrollStepDuration = TimeSpan.FromSeconds(1) });
        var untilHeart = show.Round(2).Count;
        using var stop = new CancellationTokenSource();

        var running = new MatrixPlayer(display, _time).RunAsync(show, state, stop.Token);
        for (var held = 1; held < untilHeart; held++)
        {
            await _time.WaitForTimersAsync(held);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await _time.WaitForTimersAsync(untilHeart);
        var heartShownAt = _time.GetUtcNow();
        state.AddWelcome("Ada");
        await display.WaitForFramesAsync(untilHeart + 1);

        var shownFrames = display.Shown;
        Assert.Equal(Sprites.Heart, shownFrames[untilHeart - 1].Frame);
        Assert.Equal((Sprites.WelcomeSparkle[0], heartShownAt), shownFrames[untilHeart]);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task GoingOfflineShowsTheOfflineIconAtOnce()
    {
        var display = new RecordingDisplay(_time);
        var state = new ShowState(attendants: 5);
        using var stop = new CancellationTokenSource();

        var running = new MatrixPlayer(display, _time).RunAsync(new AttendanceShow(), state, stop.Token);
        await _time.WaitForTimersAsync(1);
        state.SetOnline(false);
        await display.WaitForFramesAsync(2);

        Assert.Equal(Sprites.Offline, display.Shown[1].Frame);
        Assert.Equal(display.Shown[0].At, display.Shown[1].At);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task CancellingStopsPlayingMidStep()
    {
        var display = new RecordingDisplay(_time);
        using var stop = new CancellationTokenSource();

        var playing = new MatrixPlayer(display, _time).PlayAsync([new FrameStep(Sprites.Heart, TimeSpan.FromHours(1)), new FrameStep(Frame.Blank, TimeSpan.Zero)], stop.Token);
        await _time.WaitForTimersAsync(1);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => playing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(display.Shown);
    }
}
