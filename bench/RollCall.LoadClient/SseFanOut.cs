using System.Collections.Concurrent;

namespace RollCall.LoadClient;

/// <summary>
/// What the open pages of <see cref="SseWatchLoad"/> have received: how many opened, and for each
/// registration (by attendant number) when the first and the last page got its event, and that
/// every page saw the same version for it.
/// </summary>
internal sealed class SseFanOut(int pages)
{
    private readonly ConcurrentDictionary<long, Round> _rounds = new();
    private readonly ConcurrentDictionary<string, long> _problems = new(StringComparer.Ordinal);
    private int _opened;

    /// <summary>Completes when every page has its snapshot.</summary>
    public TaskCompletionSource AllOpened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the first problem, so a run need not wait out its open timeout.</summary>
    public TaskCompletionSource Trouble { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int OpenedCount => Volatile.Read(ref _opened);

    /// <summary>What went wrong on the pages, by kind, for the result's outcome counts.</summary>
    public IReadOnlyDictionary<string, long> Problems => _problems;

    public string? FirstProblem { get; private set; }

    public void Opened()
    {
        if (Interlocked.Increment(ref _opened) == pages)
        {
            AllOpened.TrySetResult();
        }
    }

    public void Refused(int status) => Problem($"page answered HTTP {status}");

    public void OutOfOrder() => Problem("event repeated or out of order");

    public void Problem(string kind, string? detail = null)
    {
        _problems.AddOrUpdate(kind, 1, (_, count) => count + 1);
        FirstProblem ??= detail ?? kind;
        Trouble.TrySetResult();
    }

    /// <summary>A page received the <c>registered</c> event of attendant <paramref name="number"/>.</summary>
    public void Arrived(long number, long version, long timestamp) => Round(number).Arrive(version, timestamp);

    /// <summary>The arrivals of one registration, created by whichever comes first: its Register answer or an event.</summary>
    public Round Round(long number) => _rounds.GetOrAdd(number, static (_, pages) => new Round(pages), pages);
}

/// <summary>The arrivals of one registration's event on the pages.</summary>
internal sealed class Round(int pages)
{
    private int _remaining = pages;
    private long _first = long.MaxValue;
    private long _last;
    private long _version = -1;
    private int _versionMismatches;

    /// <summary>Completes when the last page has the event.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Remaining => Volatile.Read(ref _remaining);

    /// <summary>When the first page received it (a Stopwatch timestamp).</summary>
    public long First => Volatile.Read(ref _first);

    /// <summary>When the last page received it; final once <see cref="Done"/> completes.</summary>
    public long Last => Volatile.Read(ref _last);

    public long Version => Volatile.Read(ref _version);

    /// <summary>Pages that saw another version for this attendant than the first page did.</summary>
    public int VersionMismatches => Volatile.Read(ref _versionMismatches);

    public void Arrive(long version, long timestamp)
    {
        var seen = Interlocked.CompareExchange(ref _version, version, -1);
        if (seen != -1 && seen != version)
        {
            Interlocked.Increment(ref _versionMismatches);
        }

        Min(ref _first, timestamp);
        Max(ref _last, timestamp);
        // Every page updates first and last before counting itself, so they are final at zero.
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            Done.TrySetResult();
        }
    }

    private static void Min(ref long location, long value)
    {
        long current;
        while (value < (current = Volatile.Read(ref location)) && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }

    private static void Max(ref long location, long value)
    {
        long current;
        while (value > (current = Volatile.Read(ref location)) && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }
}
