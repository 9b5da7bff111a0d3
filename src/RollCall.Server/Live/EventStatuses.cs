using System.Collections.Concurrent;
using RollCall.Server.Domain;

namespace RollCall.Server.Live;

/// <summary>
/// The live status of every event, one <see cref="StatusBroadcaster"/> each, and which event is
/// current. The store publishes committed changes here; they go to their event's broadcaster, so a
/// stream of one event never carries another's changes. Readers find an event's status in O(1)
/// however many events there are. Streams that follow the current event watch
/// <see cref="CurrentChanged"/> and switch when the organizer switches.
/// </summary>
public sealed class EventStatuses(ILoggerFactory loggers) : IStatusChangeSink, IDisposable
{
    private readonly ConcurrentDictionary<long, StatusBroadcaster> _events = new();
    private readonly Lock _gate = new();
    private volatile StatusBroadcaster _current = new(loggers.CreateLogger<StatusBroadcaster>(), 0);
    private CancellationTokenSource _currentChanged = new();
    private bool _completed;

    /// <summary>
    /// Raised (under no lock) when a change of an event arrives whose version leaves a gap, with the
    /// event and the version of the last change applied. Replicas sharing one database catch up then.
    /// </summary>
    public event Action<long, long>? GapDetected;

    /// <summary>The id of the current event.</summary>
    public long CurrentEventId => _current.EventId;

    /// <summary>The current event's status.</summary>
    public StatusBroadcaster Current => _current;

    /// <summary>Cancelled when the current event changes; read it again after that for the next change.</summary>
    public CancellationToken CurrentChanged
    {
        get
        {
            lock (_gate)
            {
                return _currentChanged.Token;
            }
        }
    }

    /// <summary>Every event's status, for metrics.</summary>
    public IEnumerable<StatusBroadcaster> All => _events.Values;

    /// <summary>How many live subscribers all events have.</summary>
    public int SubscriberCount => _events.Values.Sum(b => b.SubscriberCount);

    /// <summary>The status of event <paramref name="eventId"/>; null when it is not loaded.</summary>
    public StatusBroadcaster? Find(long eventId) => _events.GetValueOrDefault(eventId);

    /// <summary>
    /// The status of event <paramref name="eventId"/>, empty at version 0 when it is not loaded yet
    /// (an event just created): every event has a snapshot of its own, so nothing derived from one
    /// event's snapshot is ever served for another.
    /// </summary>
    public StatusBroadcaster Of(long eventId) =>
        _events.TryGetValue(eventId, out var found) ? found : _events.GetOrAdd(eventId, id => Create(id));

    /// <summary>Loads (or replaces) an event's whole status, for start-up, catch-up and forgetting.</summary>
    public StatusBroadcaster Reset(StatusState state)
    {
        var broadcaster = _events.GetOrAdd(state.EventId, id => Create(id));
        broadcaster.Reset(state);
        return broadcaster;
    }

    /// <summary>Makes <paramref name="eventId"/> current; streams that follow the current event switch to it.</summary>
    public void SetCurrent(long eventId)
    {
        CancellationTokenSource changed;
        lock (_gate)
        {
            var next = _events.GetOrAdd(eventId, id => Create(id));
            if (ReferenceEquals(next, _current))
            {
                return;
            }

            _current = next;
            changed = _currentChanged;
            _currentChanged = new CancellationTokenSource();
        }

        changed.Cancel();
        changed.Dispose();
    }

    /// <inheritdoc />
    public void Publish(IReadOnlyList<StatusChange> changes)
    {
        // A batch usually holds one event's changes; when it mixes events, each gets its own, in order.
        var first = 0;
        for (var i = 1; i <= changes.Count; i++)
        {
            if (i == changes.Count || changes[i].EventId != changes[first].EventId)
            {
                var eventId = changes[first].EventId;
                var slice = first == 0 && i == changes.Count ? changes : Slice(changes, first, i);
                _events.GetOrAdd(eventId, id => Create(id)).Publish(slice);
                first = i;
            }
        }
    }

    /// <summary>Ends every subscription of every event, for shutdown; later subscriptions end at once.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
        }

        foreach (var broadcaster in _events.Values)
        {
            broadcaster.Complete();
        }
    }

    /// <summary>Releases the token source of the current-event switch.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _currentChanged.Dispose();
        }
    }

    private static StatusChange[] Slice(IReadOnlyList<StatusChange> changes, int from, int to)
    {
        var slice = new StatusChange[to - from];
        for (var i = from; i < to; i++)
        {
            slice[i - from] = changes[i];
        }

        return slice;
    }

    private StatusBroadcaster Create(long eventId)
    {
        var broadcaster = new StatusBroadcaster(loggers.CreateLogger<StatusBroadcaster>(), eventId);
        broadcaster.GapDetected += after => GapDetected?.Invoke(eventId, after);
        lock (_gate)
        {
            if (_completed)
            {
                broadcaster.Complete();
            }
        }

        return broadcaster;
    }
}
