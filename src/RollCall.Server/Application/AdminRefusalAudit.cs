using Microsoft.Extensions.Options;

namespace RollCall.Server.Application;

/// <summary>
/// Audits admin calls refused for too many wrong tokens without letting the caller decide how many
/// lines the log gets: the first refusal of a client address in a window is logged
/// (<see cref="AuditLog.AdminAuthRateLimited"/>), the rest are counted and summarized once when the
/// window ends (<see cref="AuditLog.AdminAuthRefusalsSummarized"/>). Refusals by the server-wide
/// budget are one stream for all addresses (<see cref="AuditLog.AdminAuthServerWideLimited"/>, then
/// the summary). At most <see cref="MaxClients"/> addresses are followed per window; refusals of any
/// further ones are counted together. Wrong tokens within the budgets are still audited one by one:
/// they are bounded by the budgets, and each says which token name was tried.
/// </summary>
public sealed class AdminRefusalAudit : IDisposable
{
    /// <summary>The most client addresses followed apart in one window.</summary>
    public const int MaxClients = 1000;

    /// <summary>What the summary calls the refusals by the server-wide budget.</summary>
    public const string AllClients = "all clients (server-wide budget)";

    /// <summary>What the summary calls the addresses beyond <see cref="MaxClients"/>.</summary>
    public const string OtherClients = "other clients";

    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly RateLimitOptions _options;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Creates the audit with the window of the admin budgets; summaries are written as windows end.</summary>
    public AdminRefusalAudit(AuditLog audit, TimeProvider time, IOptions<RateLimitOptions> options)
    {
        _audit = audit;
        _time = time;
        _options = options.Value;
        _timer = time.CreateTimer(_ => Summarize(), null, _options.Window, _options.Window);
    }

    /// <summary>An admin call to <paramref name="method"/> from <paramref name="client"/> was refused for too many wrong tokens.</summary>
    public void Refused(string method, string client, bool serverWide)
    {
        var key = serverWide ? AllClients : client;
        Summary? ended = null;
        bool first;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_windows.ContainsKey(key) && _windows.Count >= MaxClients && !serverWide)
            {
                key = OtherClients;
            }

            if (_windows.TryGetValue(key, out var window) && now < window.Start + _options.Window)
            {
                window.Unlogged++;
                first = false;
            }
            else
            {
                if (window is { Unlogged: > 0 })
                {
                    ended = new Summary(key, window.Unlogged);
                }

                _windows[key] = new Window(now);
                first = true;
            }
        }

        if (ended is { } summary)
        {
            _audit.AdminAuthRefusalsSummarized(summary.Client, summary.Count, _options.WindowSeconds);
        }

        if (first && serverWide)
        {
            _audit.AdminAuthServerWideLimited(_options.AdminGlobalFailures, _options.WindowSeconds);
        }
        else if (first)
        {
            _audit.AdminAuthRateLimited(method, client, _options.WindowSeconds);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    // Ends the windows that are over: one summary each for what went unlogged.
    private void Summarize()
    {
        var summaries = new List<Summary>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var (key, window) in _windows.Where(w => now >= w.Value.Start + _options.Window).ToList())
            {
                _windows.Remove(key);
                if (window.Unlogged > 0)
                {
                    summaries.Add(new Summary(key, window.Unlogged));
                }
            }
        }

        foreach (var summary in summaries)
        {
            _audit.AdminAuthRefusalsSummarized(summary.Client, summary.Count, _options.WindowSeconds);
        }
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public long Unlogged { get; set; }
    }

    private readonly record struct Summary(string Client, long Count);
}
