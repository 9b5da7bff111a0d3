using System.ComponentModel.DataAnnotations;

namespace RollCall.Server.Hosting;

/// <summary>
/// Resource limits, bound from <c>RollCall:Limits</c>, with defaults in code. Together with
/// <see cref="Http.HttpOptions.MaxRequestBodyBytes"/> they bound what one client can make the
/// server hold. SECURITY.md lists each with its error.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall:Limits";

    /// <summary>The largest total size of a request's headers, in bytes (HTTP/1.1: 431 beyond).</summary>
    [Range(4096, 1024 * 1024)]
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>The most headers one request may carry (HTTP/1.1: 431 beyond).</summary>
    [Range(8, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>The most concurrent HTTP/2 streams (calls) on one connection; clients queue or open another connection.</summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>
    /// The most open connections the server accepts at once; further connections are closed.
    /// 0: sized from the process's file-descriptor limit (<see cref="ConnectionBudget"/>).
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxConcurrentConnections { get; set; }

    /// <summary>
    /// Connections live streams may never take, kept for registrations and other requests.
    /// 0: a quarter of the connection cap.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ConnectionsReservedForRequests { get; set; }

    /// <summary>
    /// The most connections one client address (the socket's peer; trusted proxies are exempt) may
    /// hold open. 0: half of the connection cap, enough for a venue's NAT but never all of it.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxConnectionsPerAddress { get; set; }

    /// <summary>How long an idle keep-alive connection stays open, in seconds (Kestrel's default is 130).</summary>
    [Range(1, 3600)]
    public int KeepAliveTimeoutSeconds { get; set; } = 30;

    /// <summary>How long a client may take to send a request's headers, in seconds (Kestrel's default is 30).</summary>
    [Range(1, 300)]
    public int RequestHeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>The slowest a request body may arrive, in bytes per second, after a 5 s grace period (Kestrel's default is 240).</summary>
    [Range(1, 1024 * 1024)]
    public int MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a stopping server waits for calls in progress, in seconds, before it ends them.</summary>
    [Range(1, 3600)]
    public int ShutdownTimeoutSeconds { get; set; } = 10;
}
