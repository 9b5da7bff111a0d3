using System.ComponentModel.DataAnnotations;

namespace RollCall.Server.Hosting;

/// <summary>
/// The server's settings, bound from the <c>RollCall</c> configuration section; each can also be
/// set by a command-line flag or a <c>ROLLCALL_*</c> environment variable (see <see cref="ServerCommandLine"/>).
/// </summary>
public sealed class RollCallOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall";

    /// <summary>Where the web page listens (HTTP/1.1, and HTTP/2 with TLS); <c>none</c> for nowhere.</summary>
    public string WebUrl { get; set; } = "http://localhost:8080";

    /// <summary>Where gRPC listens (HTTP/2 cleartext unless https); <c>none</c> for nowhere.</summary>
    public string GrpcUrl { get; set; } = "http://localhost:50001";

    /// <summary>The folder holding the database and, by default, the admin token.</summary>
    [Required]
    public string DataDir { get; set; } = "./data";

    /// <summary>The admin token file; <c>DataDir/admin-token</c> when unset.</summary>
    public string? AdminTokenFile { get; set; }

    /// <summary>Lets the 2016 GetCode run without the admin token, for demos on a trusted network.</summary>
    public bool AllowAnonymousCodes { get; set; }

    /// <summary>Shows attendee names to the public; when false, only the count is public.</summary>
    public bool PublicNames { get; set; } = true;

    /// <summary>0 for 2016-style codes (1..2^31-1); otherwise every code has exactly this many digits (9..18).</summary>
    public int CodeDigits { get; set; }

    /// <summary>How many recent attendees the status and the page show.</summary>
    [Range(1, 1000)]
    public int RecentAttendants { get; set; } = 20;

    /// <summary>How many change batches a live subscriber may fall behind before it gets a fresh snapshot instead.</summary>
    [Range(1, 100_000)]
    public int WatchQueueCapacity { get; set; } = 64;

    /// <summary>Seconds between heartbeat comments on an idle <c>/events</c> stream, so proxies keep it open.</summary>
    [Range(1, 300)]
    public int EventHeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// Seconds between reloads of the named admin tokens from the database, so a token created,
    /// rotated or revoked through another replica takes effect here within this time.
    /// </summary>
    [Range(1, 3600)]
    public int AdminTokenRefreshSeconds { get; set; } = 30;

    /// <summary>The largest HTTP request body accepted, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The address attendees open to register, as printed on vouchers and shown as a QR code on the
    /// board (e.g. <c>https://rollcall.example.org/</c>); when unset, the address of each request.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Reverse proxies whose <c>X-Forwarded-For</c> names the client (addresses and CIDR networks,
    /// comma-separated); empty: the header is ignored and the connection's peer is the client.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>The admin token file path, resolved against the data folder.</summary>
    public string ResolveAdminTokenFile() =>
        Path.GetFullPath(AdminTokenFile ?? Path.Combine(DataDir, "admin-token"));
}
