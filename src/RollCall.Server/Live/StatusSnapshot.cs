namespace RollCall.Server.Live;

/// <summary>Values derived from a snapshot once and shared by every reader of it.</summary>
public enum SnapshotView
{
    /// <summary>The 2016 <c>StatusResponse</c>, pre-encoded, as a completed task.</summary>
    LegacyStatus,

    /// <summary>The v1 <c>GetStatusResponse</c>, as a completed task.</summary>
    V1Status,

    /// <summary>The page's list of recent names, as HTML.</summary>
    PageNames,

    /// <summary>The whole registration page for a plain <c>GET /</c>, as UTF-8.</summary>
    Page,

    /// <summary>The live status as JSON, for browsers.</summary>
    StatusJson,

    /// <summary>The board's LED matrix round for this count, as JSON.</summary>
    MatrixRound,

    /// <summary>The 2016 <c>StatusResponse</c> without names (pre-encoded task), for the public when names are private.</summary>
    LegacyStatusCountOnly,

    /// <summary>The v1 <c>GetStatusResponse</c> task without names, for the public when names are private.</summary>
    V1StatusCountOnly,

    /// <summary>The first message of a v1 <c>WatchStatus</c> stream.</summary>
    WatchSnapshot,

    /// <summary>The first message of a v1 <c>WatchStatus</c> stream without names.</summary>
    WatchSnapshotCountOnly,

}

/// <summary>The public status at one version. Immutable: readers share it without locks.</summary>
public sealed class StatusSnapshot
{
    private readonly object?[] _views = new object?[Enum.GetValues<SnapshotView>().Length];

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
    public T View<T>(SnapshotView view, Func<StatusSnapshot, T> build)
        where T : class =>
        View(view, build, static (snapshot, build) => build(snapshot));

    /// <summary>
    /// <see cref="View{T}(SnapshotView, Func{StatusSnapshot, T})"/> with a state for the builder,
    /// so hot paths can pass a static lambda and allocate nothing once the value exists.
    /// </summary>
    public T View<TState, T>(SnapshotView view, TState state, Func<StatusSnapshot, TState, T> build)
        where T : class
    {
        ref var slot = ref _views[(int)view];
        if (Volatile.Read(ref slot) is T cached)
        {
            return cached;
        }

        var built = build(this, state);
        return Interlocked.CompareExchange(ref slot, built, null) as T ?? built;
    }
}
