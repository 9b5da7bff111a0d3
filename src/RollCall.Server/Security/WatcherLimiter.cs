using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.Extensions.Options;
using RollCall.Server.Hosting;

namespace RollCall.Server.Security;

/// <summary>
/// Caps the live status streams one client address holds open (<see cref="LimitsOptions.MaxWatchersPerAddress"/>),
/// WatchStatus calls and <c>/events</c> connections together, with a concurrency limiter per
/// address: a stream holds its permit until it ends.
/// </summary>
public sealed class WatcherLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Creates the limiter from the configured limit.</summary>
    public WatcherLimiter(IOptions<LimitsOptions> options)
    {
        Limit = options.Value.MaxWatchersPerAddress;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(
            key, _ => new ConcurrencyLimiterOptions { PermitLimit = Limit, QueueLimit = 0 }));
    }

    /// <summary>The most streams per address.</summary>
    public int Limit { get; }

    /// <summary>The refusal for an address that holds <see cref="Limit"/> streams already.</summary>
    public string LimitMessage => $"Your address already has {Limit} live status streams open; close one before opening another.";

    /// <summary>Takes a permit for the caller of an HTTP request; null when its address holds the maximum already.</summary>
    public IDisposable? TryEnter(HttpContext context)
    {
        var lease = _limiter.AttemptAcquire(ClientAddress.PartitionKey(context));
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    /// <summary>Takes a permit for a gRPC stream, or throws RESOURCE_EXHAUSTED.</summary>
    public IDisposable Enter(ServerCallContext context) =>
        TryEnter(context.GetHttpContext())
        ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, LimitMessage));

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
