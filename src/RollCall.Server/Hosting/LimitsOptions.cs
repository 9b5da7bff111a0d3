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

    /// <summary>The most open connections the server accepts at once; further connections are closed.</summary>
    [Range(1, 1_000_000)]
    public int MaxConcurrentConnections { get; set; } = 10_000;

    /// <summary>How long a stopping server waits for calls in progress, in seconds, before it ends them.</summary>
    [Range(1, 3600)]
    public int ShutdownTimeoutSeconds { get; set; } = 10;
}
