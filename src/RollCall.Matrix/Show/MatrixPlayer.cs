using RollCall.Matrix.Displays;

namespace RollCall.Matrix.Show;

/// <summary>
/// Plays timelines on a display in real time: shows each step's frame, then waits its duration
/// on the given <see cref="TimeProvider"/>. Steps are pulled one at a time, so a lazy timeline
/// such as <see cref="AttendanceShow.Run"/> reads its state just before each step.
/// </summary>
public sealed class MatrixPlayer
{
    private readonly IMatrixDisplay _display;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a player for <paramref name="display"/>; time is the system clock unless a provider is given.</summary>
    public MatrixPlayer(IMatrixDisplay display, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(display);
        _display = display;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Plays <paramref name="steps"/> to their end, leaving the last frame on the display.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task PlayAsync(IEnumerable<FrameStep> steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return PlayCoreAsync(steps, state: null, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="show"/> from <paramref name="state"/> until cancelled. A welcome or an
    /// online change cuts the step being held short, so it shows within one frame's time.
    /// </summary>
    /// <exception cref="OperationCanceledException">Always, once <paramref name="cancellationToken"/> is cancelled.</exception>
    public Task RunAsync(AttendanceShow show, ShowState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(show);
        ArgumentNullException.ThrowIfNull(state);
        return PlayCoreAsync(show.Run(state), state, cancellationToken);
    }

    private async Task PlayCoreAsync(IEnumerable<FrameStep> steps, ShowState? state, CancellationToken cancellationToken)
    {
        using var enumerator = steps.GetEnumerator();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Taken before the next step reads the state, so an interrupt that lands while the
            // step is being chosen still ends its hold instead of being missed.
            var interrupt = state?.NextInterrupt();
            if (!enumerator.MoveNext())
            {
                return;
            }

            var step = enumerator.Current;
            await _display.ShowAsync(step.Frame, cancellationToken).ConfigureAwait(false);
            await HoldAsync(step.Duration, interrupt, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HoldAsync(TimeSpan duration, Task? interrupt, CancellationToken cancellationToken)
    {
        if (interrupt is null)
        {
            await Task.Delay(duration, _timeProvider, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var hold = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(duration, _timeProvider, hold.Token);
        await Task.WhenAny(delay, interrupt).ConfigureAwait(false);

        // Stops the timer when the interrupt won; the cancelled delay is simply dropped.
        await hold.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
