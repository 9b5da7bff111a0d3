using System.Diagnostics.CodeAnalysis;

namespace RollCall.Matrix.Show;

/// <summary>
/// What the attendance show is about, shared between whoever watches the server (which writes
/// it) and the player (which reads it between steps). Thread-safe.
/// </summary>
/// <remarks>
/// A new welcome and a change between online and offline are interrupts: they complete the
/// task from <see cref="NextInterrupt"/>, so a player holding a long step (the heart) moves on
/// at once. A change of count is not: the next round of the show picks it up.
/// </remarks>
public sealed class ShowState
{
    /// <summary>Welcomes kept waiting at most; when more arrive, the oldest waiting one is dropped.</summary>
    public const int MaxPendingWelcomes = 5;

    private readonly Lock _gate = new();
    private readonly Queue<string> _welcomes = new();
    private TaskCompletionSource _interrupt = NewInterrupt();
    private int _attendants;
    private bool _online;

    /// <summary>Starts with <paramref name="attendants"/> attendants, online unless told otherwise.</summary>
    public ShowState(int attendants = 0, bool online = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attendants);
        _attendants = attendants;
        _online = online;
    }

    /// <summary>How many attendants the show announces.</summary>
    public int Attendants
    {
        get
        {
            lock (_gate)
            {
                return _attendants;
            }
        }
    }

    /// <summary>False while the server cannot be reached; the show then shows the offline icon.</summary>
    public bool Online
    {
        get
        {
            lock (_gate)
            {
                return _online;
            }
        }
    }

    /// <summary>Welcomes waiting to be shown.</summary>
    public int PendingWelcomes
    {
        get
        {
            lock (_gate)
            {
                return _welcomes.Count;
            }
        }
    }

    /// <summary>Sets the count the next round of the show announces.</summary>
    public void SetAttendants(int attendants)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attendants);
        lock (_gate)
        {
            _attendants = attendants;
        }
    }

    /// <summary>Marks the server reachable or not; a change interrupts the show.</summary>
    public void SetOnline(bool online)
    {
        TaskCompletionSource? fired = null;
        lock (_gate)
        {
            if (_online != online)
            {
                _online = online;
                fired = Rearm();
            }
        }

        fired?.TrySetResult();
    }

    /// <summary>Queues a welcome for <paramref name="firstName"/>; it interrupts the show at the next step.</summary>
    public void AddWelcome(string firstName)
    {
        ArgumentNullException.ThrowIfNull(firstName);
        TaskCompletionSource fired;
        lock (_gate)
        {
            if (_welcomes.Count == MaxPendingWelcomes)
            {
                _welcomes.Dequeue();
            }

            _welcomes.Enqueue(firstName);
            fired = Rearm();
        }

        fired.TrySetResult();
    }

    /// <summary>Takes the oldest waiting welcome, if any.</summary>
    public bool TryTakeWelcome([NotNullWhen(true)] out string? firstName)
    {
        lock (_gate)
        {
            return _welcomes.TryDequeue(out firstName);
        }
    }

    /// <summary>A task that completes at the first interrupt after this call: a welcome, or going on- or offline.</summary>
    public Task NextInterrupt()
    {
        lock (_gate)
        {
            return _interrupt.Task;
        }
    }

    private static TaskCompletionSource NewInterrupt() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Called under the lock; the caller completes the returned source after leaving it.
    private TaskCompletionSource Rearm()
    {
        var fired = _interrupt;
        _interrupt = NewInterrupt();
        return fired;
    }
}
