namespace RollCall.Cli.Monitor;

/// <summary>
/// Works out who is new from what the server reports, so the monitor welcomes each new attendee
/// once: from <c>WatchStatus</c> events and snapshots, or from polls of the 2016 <c>GetStatus</c>.
/// The first report after start only sets the baseline: the people already there are not welcomed.
/// </summary>
/// <remarks>
/// Names are not always known: the server may hide them (empty names), and the 2016 server lists
/// unused codes with an empty name. A welcome then has an empty first name, which the show plays
/// as a plain "Welcome!". When a full report adds people but names none of them (the count rose
/// with no names), one nameless welcome per new attendee is given, at most
/// <see cref="MaxWelcomesFromOneReport"/>. Not thread-safe: the status feed owns it.
/// </remarks>
internal sealed class AttendanceTracker
{
    /// <summary>The most welcomes one report yields; a show could not play more in any sensible time.</summary>
    public const int MaxWelcomesFromOneReport = 5;

    private readonly HashSet<string> _namedKeys = new(StringComparer.Ordinal);
    private int? _count;
    private long? _newestNumber;
    private bool _legacyBaseline;

    /// <summary>The last count reported, or null before the first report.</summary>
    public int? Count => _count;

    /// <summary>
    /// A full <c>WatchStatus</c> snapshot: <paramref name="recent"/> holds the newest attendees
    /// (number and first name), empty when the server hides names. Returns the first names to welcome, oldest first.
    /// </summary>
    public IReadOnlyList<string> Snapshot(int count, IReadOnlyCollection<(long Number, string FirstName)> recent)
    {
        var previousCount = _count;
        var previousNewest = _newestNumber;
        _count = count;
        if (recent.Count > 0)
        {
            _newestNumber = Math.Max(_newestNumber ?? 0, recent.Max(attendant => attendant.Number));
        }

        if (previousCount is null)
        {
            return [];
        }

        if (recent.Count > 0)
        {
            var newest = previousNewest ?? 0;
            return Cap([.. recent.Where(a => a.Number > newest).OrderBy(a => a.Number).Select(a => a.FirstName)]);
        }

        return NamelessWelcomes(count - previousCount.Value);
    }

    /// <summary>An attendee registered; returns their first name to welcome (empty when hidden).</summary>
    public string Registered(int count, long number, string firstName)
    {
        _count = count;
        _newestNumber = Math.Max(_newestNumber ?? 0, number);
        return firstName;
    }

    /// <summary>A registration was cancelled.</summary>
    public void Cancelled(int count) => _count = count;

    /// <summary>
    /// A poll of the 2016 <c>GetStatus</c>: <paramref name="attendants"/> maps a key (the
    /// registration number on RollCall, the code on the 2016 server) to "First Last". A key whose
    /// name was empty or missing before and is filled in now is a new attendee. Returns the first
    /// names to welcome, in key order.
    /// </summary>
    public IReadOnlyList<string> Poll(int counter, IReadOnlyDictionary<string, string> attendants)
    {
        var previousCount = _count;
        var wasBaseline = _legacyBaseline;
        _count = counter;
        _legacyBaseline = true;

        var newNames = new List<(string Key, string Name)>();
        foreach (var (key, name) in attendants)
        {
            if (name.Trim().Length > 0 && _namedKeys.Add(key))
            {
                newNames.Add((key, name));
            }
        }

        if (!wasBaseline || previousCount is null)
        {
            return [];
        }

        if (newNames.Count > 0)
        {
            return Cap([.. newNames.OrderBy(n => n.Key.Length).ThenBy(n => n.Key, StringComparer.Ordinal).Select(n => FirstName(n.Name))]);
        }

        // A server that hides names still counts: a rise with no new names is nameless people.
        return _namedKeys.Count == 0 ? NamelessWelcomes(counter - previousCount.Value) : [];
    }

    /// <summary>The first name in a 2016 "First Last" value: the part before the first space.</summary>
    public static string FirstName(string fullName)
    {
        var trimmed = fullName.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? trimmed : trimmed[..space];
    }

    private static List<string> NamelessWelcomes(int added) =>
        [.. Enumerable.Repeat(string.Empty, Math.Clamp(added, 0, MaxWelcomesFromOneReport))];

    private static List<string> Cap(List<string> names) =>
        names.Count <= MaxWelcomesFromOneReport ? names : names[^MaxWelcomesFromOneReport..];
}
