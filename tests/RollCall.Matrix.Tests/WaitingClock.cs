using Microsoft.Extensions.Time.Testing;

namespace RollCall.Matrix.Tests;

/// <summary>
/// A fake clock that also tells when a timer has been started, i.e. when the player has begun
/// holding a frame, so a test advances time only once the player is waiting on it.
/// </summary>
internal sealed class WaitingClock() : FakeTimeProvider(new DateTimeOffset(2016, 11, 5, 10, 0, 0, TimeSpan.Zero))
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _timers;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource> reached;
        lock (_gate)
        {
            _timers++;
            reached = [.. _waiters.Where(waiter => waiter.Count <= _timers).Select(waiter => waiter.Reached)];
            _waiters.RemoveAll(waiter => waiter.Count <= _timers);
        }

        reached.ForEach(source => source.TrySetResult());
        return timer;
    }

    /// <summary>Completes once <paramref name="count"/> timers have been started; fails the test after 10 s of real time.</summary>
    public Task WaitForTimersAsync(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_timers >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((count, reached));
        }

        return reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
