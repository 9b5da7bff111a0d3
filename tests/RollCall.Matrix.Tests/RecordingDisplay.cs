using RollCall.Matrix.Displays;

namespace RollCall.Matrix.Tests;

/// <summary>Records what was shown and when, on a fake clock, and lets a test await the nth frame.</summary>
internal sealed class RecordingDisplay(TimeProvider time) : IMatrixDisplay
{
    private readonly Lock _gate = new();
    private readonly List<(Frame Frame, DateTimeOffset At)> _shown = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public IReadOnlyList<(Frame Frame, DateTimeOffset At)> Shown
    {
        get
        {
            lock (_gate)
            {
                return [.. _shown];
            }
        }
    }

    public ValueTask ShowAsync(Frame frame, CancellationToken cancellationToken = default)
    {
        List<TaskCompletionSource> reached;
        lock (_gate)
        {
            _shown.Add((frame, time.GetUtcNow()));
            reached = [.. _waiters.Where(waiter => waiter.Count <= _shown.Count).Select(waiter => waiter.Reached)];
            _waiters.RemoveAll(waiter => waiter.Count <= _shown.Count);
        }

        reached.ForEach(source => source.TrySetResult());
        return ValueTask.CompletedTask;
    }

    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => ShowAsync(Frame.Blank, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Completes once <paramref name="count"/> frames have been shown; fails the test after 10 s of real time.</summary>
    public Task WaitForFramesAsync(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_shown.Count >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((count, reached));
        }

        return reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
