namespace RollCall.Server.Application;

/// <summary>
/// Whether the database takes writes, as the store saw it: off after an outage (the database away,
/// full, read-only), on again with the next commit, which the store tries by itself while it is
/// off. Reads that succeed do not turn it on: a full or read-only database still answers them.
/// Pages served from memory read it to answer 503 instead of pretending all is well, and the
/// health checks report it. SQLite and PostgreSQL report it the same way.
/// </summary>
public sealed class StoreAvailability
{
    private volatile string? _problem;

    /// <summary>False after an outage, until a write commits again.</summary>
    public bool IsAvailable => _problem is null;

    /// <summary>The message to show while unavailable; null while available.</summary>
    public string? Problem => _problem;

    /// <summary>Records that a write committed.</summary>
    public void ReportAvailable() => _problem = null;

    /// <summary>Records that the database could not be reached or could not write.</summary>
    public void ReportUnavailable(string message) => _problem = message;
}
