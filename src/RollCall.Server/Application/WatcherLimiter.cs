using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace RollCall.Server.Application;

/// <summary>
/// Caps the live status streams one client address holds open (<see cref="StreamLimitOptions.MaxWatchersPerAddress"/>),
/// WatchStatus calls and <c>/events</c> connections together, with a concurrency limiter per
/// address: a stream holds its permit until it ends.
/// </summary>
public sealed class WatcherLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Creates the limiter from the configured limit.</summary>
    public WatcherLimiter(IOptions<StreamLimitOptions> options)
    {
        Limit = options.Value.MaxWatchersPerAddress;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(
            key, _ => new ConcurrencyLimiterOptions { PermitLimit = Limit, QueueLimit = 0 }));
    }

    /// <summary>The most streams per address.</summary>
    public int Limit { get; }

    /// <summary>The refusal for an address that holds <see cref="Limit"/> streams already.</summary>
    public string LimitMessage => $"Your address already has {Limit} live status streams open; close one before opening another.";

    /// <summary>Takes a permit for a stream of <paramref name="partition"/>; null when that address holds the maximum already.</summary>
    public IDisposable? TryEnter(string partition)
    {
        var lease = _limiter.AttemptAcquire(partition);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}

/// <summary>Limits on live status streams, bound from <c>RollCall:Limits</c>.</summary>
public sealed class StreamLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall:Limits";

    /// <summary>The most live status streams (WatchStatus and <c>/events</c>) one client address may hold open.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxWatchersPerAddress { get; set; } = 20;
}
