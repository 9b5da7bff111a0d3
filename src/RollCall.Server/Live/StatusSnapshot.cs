namespace RollCall.Server.Live;

/// <summary>
/// One kind of value derived from a snapshot once and shared by every reader of that snapshot, such
/// as a pre-encoded response or a rendered page. Declare each as a static field where it is built.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class SnapshotView<T>
    where T : class
{
    /// <summary>Reserves a slot in every snapshot for this view.</summary>
    public SnapshotView() => Slot = StatusSnapshot.ReserveSlot();

    internal int Slot { get; }
}

/// <summary>A value of a <see cref="SnapshotView{T}"/> with the key it was built for.</summary>
/// <typeparam name="TKey">What else than the snapshot the value depends on.</typeparam>
/// <typeparam name="T">The type of the value.</typeparam>
/// <param name="Key">The key it was built for.</param>
/// <param name="Value">The value.</param>
public sealed record KeyedView<TKey, T>(TKey Key, T Value);

/// <summary>The public status at one version. Immutable: readers share it without locks.</summary>
public sealed class StatusSnapshot
{
    // Views are declared once per kind of response, so a handful of slots serve every snapshot.
    private const int MaxViews = 24;
    private static int _reserved;
    private readonly object?[] _views = new object?[MaxViews];

    /// <summary>Creates a snapshot.</summary>
    public StatusSnapshot(long version, AttendantRoll attendants)
    {
        Version = version;
        Attendants = attendants;
    }

    /// <summary>Grows by one with every committed change.</summary>
    public long Version { get; }

    /// <summary>How many attendees are registered.</summary>
    public int Count => Attendants.Count;

    /// <summary>Every registered attendee, in registration order.</summary>
    public AttendantRoll Attendants { get; }

    /// <summary>
    /// A value derived from this snapshot, built by the first reader that asks and then shared,
    /// such as a pre-built response. Two readers may build it at once; one result wins.
    /// </summary>
    public T View<T>(SnapshotView<T> view, Func<StatusSnapshot, T> build)
        where T : class =>
        View(view, build, static (snapshot, build) => build(snapshot));

    /// <summary>
    /// <see cref="View{T}(SnapshotView{T}, Func{StatusSnapshot, T})"/> with a state for the builder,
    /// so hot paths can pass a static lambda and allocate nothing once the value exists.
    /// </summary>
    public T View<TState, T>(SnapshotView<T> view, TState state, Func<StatusSnapshot, TState, T> build)
        where T : class
    {
        ref var slot = ref _views[view.Slot];
        if (Volatile.Read(ref slot) is T cached)
        {
            return cached;
        }

        var built = build(this, state);
        return Interlocked.CompareExchange(ref slot, built, null) as T ?? built;
    }

    /// <summary>
    /// A value derived from this snapshot and from <paramref name="key"/>, such as a page that also
    /// shows its event's title: shared while readers ask with an equal key, built again (and
    /// shared from then on) when the key changes, so an event renamed, switched or made private is
    /// shown as it is now without waiting for the next version.
    /// </summary>
    public T View<TKey, TState, T>(SnapshotView<KeyedView<TKey, T>> view, TKey key, TState state, Func<StatusSnapshot, TKey, TState, T> build)
    {
        ref var slot = ref _views[view.Slot];
        var cached = Volatile.Read(ref slot) as KeyedView<TKey, T>;
        if (cached is not null && EqualityComparer<TKey>.Default.Equals(cached.Key, key))
        {
            return cached.Value;
        }

        var built = new KeyedView<TKey, T>(key, build(this, key, state));
        Interlocked.CompareExchange(ref slot, built, cached);
        return built.Value;
    }

    internal static int ReserveSlot()
    {
        var slot = Interlocked.Increment(ref _reserved) - 1;
        return slot < MaxViews ? slot : throw new InvalidOperationException($"More than {MaxViews} snapshot views are declared; raise MaxViews.");
    }
}
