using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RollCall.Server.Domain;

namespace RollCall.Server.Live;

/// <summary>One item of a status stream: either a full snapshot or one change.</summary>
public readonly record struct StatusEvent(StatusSnapshot? Snapshot, StatusDelta? Delta);

/// <summary>A committed change with the attendee count right after it.</summary>
public sealed record StatusDelta(StatusChange Change, int Count)
{
    private object? _message;
    private object? _countOnlyMessage;

    /// <summary>The version of the status after this change.</summary>
    public long Version => Change.Version;

    /// <summary>
    /// The message that tells subscribers of this change (with or without <paramref name="names"/>),
    /// built by the first one that asks and shared by the rest: a change fans out to every
    /// subscriber, so it is built once, not once each.
    /// </summary>
    public T Message<T>(bool names, Func<StatusDelta, T> build)
        where T : class
    {
        ref var slot = ref names ? ref _message : ref _countOnlyMessage;
        if (Volatile.Read(ref slot) is T cached)
        {
            return cached;
        }

        var built = build(this);
        return Interlocked.CompareExchange(ref slot, built, null) as T ?? built;
    }
}

/// <summary>
/// A live subscriber's view of the status: a snapshot first, then every change in order.
/// Its queue is bounded; when the subscriber falls that far behind, the queued changes are
/// dropped and it receives a fresh snapshot instead, so a slow reader never holds up anyone.
/// </summary>
public sealed class StatusSubscription : IDisposable
{
    private readonly StatusBroadcaster _broadcaster;
    private readonly Channel<StatusDelta[]> _queue;
    private int _needsSnapshot;

    internal StatusSubscription(StatusBroadcaster broadcaster, int capacity)
    {
        _broadcaster = broadcaster;
        _queue = Channel.CreateBounded<StatusDelta[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>True once the server ended the subscription (shutdown), not the subscriber.</summary>
    public bool ClosedByServer { get; private set; }

    /// <summary>How many times this subscriber fell behind and was sent a fresh snapshot.</summary>
    public int Resnapshots { get; private set; }

    /// <summary>The snapshot, then each change, until cancelled or closed by the server.</summary>
    public async IAsyncEnumerable<StatusEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        // Whatever queued up before the first read is covered by the first snapshot.
        Interlocked.Exchange(ref _needsSnapshot, 0);
        while (reader.TryRead(out _))
        {
        }

        var snapshot = _broadcaster.Current;
        var version = snapshot.Version;
        yield return new StatusEvent(snapshot, null);
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            if (Volatile.Read(ref _needsSnapshot) == 1)
            {
                while (reader.TryRead(out _))
                {
                }

                // Full fences on both sides (here and in Offer): a change dropped by Offer
                // is always inside the snapshot read below.
                Interlocked.Exchange(ref _needsSnapshot, 0);
                snapshot = _broadcaster.Current;
                version = snapshot.Version;
                Resnapshots++;
                yield return new StatusEvent(snapshot, null);
                continue;
            }

            while (reader.TryRead(out var batch))
            {
                foreach (var delta in batch)
                {
                    // Changes already covered by the last snapshot are skipped.
                    if (delta.Version > version)
                    {
                        version = delta.Version;
                        yield return new StatusEvent(null, delta);
                    }
                }
            }
        }
    }

    /// <summary>Leaves the broadcaster.</summary>
    public void Dispose()
    {
        _broadcaster.Unsubscribe(this);
        _queue.Writer.TryComplete();
    }

    internal void Offer(StatusDelta[] batch)
    {
        if (Interlocked.CompareExchange(ref _needsSnapshot, 0, 0) == 1)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(batch))
        {
            RequestSnapshot();
        }
    }

    internal void RequestSnapshot()
    {
        Interlocked.Exchange(ref _needsSnapshot, 1);
        // Wake the reader even when the queue is empty; an empty batch carries no change.
        _queue.Writer.TryWrite([]);
    }

    internal void Close()
    {
        ClosedByServer = true;
        _queue.Writer.TryComplete();
    }
}
