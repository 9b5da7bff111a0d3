using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace RollCall.Server.Application;

/// <summary>
/// Caps the live status streams (WatchStatus calls and <c>/events</c> connections together) by what
/// they cost: server-wide, at <see cref="StreamLimitOptions.GlobalLimit"/> (a memory budget divided
/// by the cost of one stream, and never more than the connections the host sets aside for streams),
/// and per client address at <see cref="StreamLimitOptions.MaxWatchersPerAddress"/>, a share large
/// enough for a venue whose phones all leave through one NAT address. A stream holds its permits
/// until it ends.
/// </summary>
public sealed class WatcherLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAddress;
    private int _open;

    /// <summary>Creates the limiter from the configured limits.</summary>
    public WatcherLimiter(IOptions<StreamLimitOptions> options)
    {
        Limit = options.Value.MaxWatchersPerAddress;
        GlobalLimit = options.Value.GlobalLimit;
        _perAddress = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(
            key, _ => new ConcurrencyLimiterOptions { PermitLimit = Limit, QueueLimit = 0 }));
    }

    /// <summary>The most streams per address.</summary>
    public int Limit { get; }

    /// <summary>The most streams server-wide.</summary>
    public int GlobalLimit { get; }

    /// <summary>The streams open now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>The refusal for an address that holds <see cref="Limit"/> streams already.</summary>
    public string LimitMessage => $"Your address already has {Limit} live status streams open; close one before opening another.";

    /// <summary>The refusal when the server holds <see cref="GlobalLimit"/> streams already.</summary>
    public string GlobalLimitMessage => $"The server already has {GlobalLimit} live status streams open; try again in a moment.";

    /// <summary>
    /// Takes the permits for a stream of <paramref name="partition"/>; null, with the refusal to
    /// show, when the server or that address holds the maximum already.
    /// </summary>
    public IDisposable? TryEnter(string partition, out string refusal)
    {
        if (Interlocked.Increment(ref _open) > GlobalLimit)
        {
            Interlocked.Decrement(ref _open);
            refusal = GlobalLimitMessage;
            return null;
        }

        var lease = _perAddress.AttemptAcquire(partition);
        if (lease.IsAcquired)
        {
            refusal = string.Empty;
            return new Permit(this, lease);
        }

        lease.Dispose();
        Interlocked.Decrement(ref _open);
        refusal = LimitMessage;
        return null;
    }

    /// <inheritdoc />
    public void Dispose() => _perAddress.Dispose();

    private sealed class Permit(WatcherLimiter owner, RateLimitLease lease) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lease.Dispose();
                Interlocked.Decrement(ref owner._open);
            }
        }
    }
}

/// <summary>Limits on live status streams, bound from <c>RollCall:Limits</c>.</summary>
public sealed class StreamLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall:Limits";

    /// <summary>
    /// What one live stream costs the server, in bytes: its subscription and bounded queue, the
    /// request, and the socket's buffers. About 10 KB for an idle page; the events themselves are
    /// shared by every stream.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int BytesPerLiveStream { get; set; } = 10 * 1024;

    /// <summary>The memory the server may spend on live streams, in bytes (128 MiB: about 13,000 streams).</summary>
    [Range(1024 * 1024, 64L * 1024 * 1024 * 1024)]
    public long LiveStreamMemoryBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>
    /// The most live status streams (WatchStatus and <c>/events</c>) one client address may hold
    /// open: a venue's NAT puts every phone behind one address, so this is a share, not a handful.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxWatchersPerAddress { get; set; } = 5_000;

    /// <summary>
    /// The most streams the host's connections leave room for: the host sets it below its
    /// connection cap, so live pages can never take the connections registrations need.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int StreamConnectionCeiling { get; set; } = int.MaxValue;

    /// <summary>The most live streams server-wide: the memory budget's worth, within the connection ceiling.</summary>
    public int GlobalLimit => (int)Math.Max(1, Math.Min(LiveStreamMemoryBytes / BytesPerLiveStream, StreamConnectionCeiling));
}
