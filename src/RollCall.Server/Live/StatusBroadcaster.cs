using RollCall.Server.Domain;

namespace RollCall.Server.Live;

/// <summary>
/// Holds one event's current <see cref="StatusSnapshot"/> and fans its committed changes out to
/// live subscribers (WatchStatus streams, the live page). <see cref="EventStatuses"/> hands it the
/// event's changes after each commit; readers take <see cref="Current"/> and never touch the database.
/// </summary>
public sealed partial class StatusBroadcaster
{
    private readonly Lock _gate = new();
    private readonly ILogger<StatusBroadcaster> _logger;
    private volatile StatusSnapshot _current = new(0, AttendantRoll.Empty);
    private StatusSubscription[] _subscribers = [];
    private bool _completed;

    /// <summary>Creates an empty broadcaster of event <paramref name="eventId"/>; <see cref="Reset"/> loads the stored status.</summary>
    public StatusBroadcaster(ILogger<StatusBroadcaster> logger, long eventId)
    {
        _logger = logger;
        EventId = eventId;
    }

    /// <summary>The event whose status this is.</summary>
    public long EventId { get; }

    /// <summary>
    /// Raised (under no lock) when a change arrives whose version leaves a gap, with the
    /// version of the last change applied. Replicas sharing one database catch up then.
    /// </summary>
    public event Action<long>? GapDetected;

    /// <summary>The status now.</summary>
    public StatusSnapshot Current => _current;

    /// <summary>How many subscribers are connected.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Replaces the whole status, for start-up and catch-up; subscribers get a fresh snapshot.</summary>
    public void Reset(StatusState state)
    {
        if (state.EventId != EventId)
        {
            throw new ArgumentException($"The status of event {state.EventId} cannot replace that of event {EventId}.", nameof(state));
        }

        StatusSubscription[] subscribers;
        lock (_gate)
        {
            if (state.Version < _current.Version)
            {
                return;
            }

            _current = new StatusSnapshot(state.Version, AttendantRoll.From(state.Attendants));
            subscribers = _subscribers;
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.RequestSnapshot();
        }
    }

    /// <summary>Applies this event's committed changes, in version order, and tells every subscriber.</summary>
    public void Publish(IReadOnlyList<StatusChange> changes)
    {
        long? gapAfter = null;
        StatusSubscription[] subscribers;
        StatusDelta[] applied;
        lock (_gate)
        {
            var snapshot = _current;
            var roll = snapshot.Attendants;
            var version = snapshot.Version;
            var accepted = new List<StatusDelta>(changes.Count);
            foreach (var change in changes)
            {
                if (change.Version <= version)
                {
                    continue;
                }

                if (change.Version != version + 1)
                {
                    gapAfter = version;
                    break;
                }

                roll = change.Kind == StatusChangeKind.Registered ? roll.Append(change.Attendant) : roll.Remove(change.Attendant.Number);
                version = change.Version;
                accepted.Add(new StatusDelta(change, roll.Count));
            }

            if (accepted.Count == 0)
            {
                subscribers = [];
                applied = [];
            }
            else
            {
                // The new snapshot is visible before any subscriber hears of it, so a
                // subscriber that re-reads Current never sees an older version than a change it got.
                _current = new StatusSnapshot(version, roll);
                subscribers = _subscribers;
                applied = [.. accepted];
            }
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Offer(applied);
        }

        if (gapAfter is { } after)
        {
            LogGap(after);
            GapDetected?.Invoke(after);
        }
    }

    /// <summary>Starts a subscription with its own queue of at most <paramref name="capacity"/> batches.</summary>
    public StatusSubscription Subscribe(int capacity = 64)
    {
        var subscription = new StatusSubscription(this, capacity);
        lock (_gate)
        {
            if (_completed)
            {
                subscription.Close();
            }
            else
            {
                _subscribers = [.. _subscribers, subscription];
            }
        }

        return subscription;
    }

    /// <summary>Ends every subscription, for shutdown; later subscriptions end at once.</summary>
    public void Complete()
    {
        StatusSubscription[] subscribers;
        lock (_gate)
        {
            _completed = true;
            subscribers = _subscribers;
            _subscribers = [];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Close();
        }
    }

    internal void Unsubscribe(StatusSubscription subscription)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_subscribers, subscription);
            if (index >= 0)
            {
                var remaining = new StatusSubscription[_subscribers.Length - 1];
                Array.Copy(_subscribers, remaining, index);
                Array.Copy(_subscribers, index + 1, remaining, index, remaining.Length - index);
                _subscribers = remaining;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status changes after version {Version} arrived out of order; catching up from the database")]
    private partial void LogGap(long version);
}
