namespace RollCall.Server.Application;

/// <summary>
/// Whether the database answered lately, as the store saw it. Pages served from memory read it to
/// answer 503 while the database is away instead of pretending all is well, and the health checks
/// report it; it turns back on by itself with the next successful database call.
/// </summary>
public sealed class StoreAvailability
{
    private volatile string? _problem;

    /// <summary>False after a failed database call, until the next one succeeds.</summary>
    public bool IsAvailable => _problem is null;

    /// <summary>The message to show while unavailable; null while available.</summary>
    public string? Problem => _problem;

    /// <summary>Records that a database call succeeded.</summary>
    public void ReportAvailable() => _problem = null;

    /// <summary>Records that the database could not be reached.</summary>
    public void ReportUnavailable(string message) => _problem = message;
}
