using System.ComponentModel.DataAnnotations;

namespace RollCall.Server.Web;

/// <summary>Settings of the browser side, bound from the <c>RollCall</c> section.</summary>
public sealed class WebOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall";

    /// <summary>
    /// The address attendees open to register, as printed on vouchers and shown as a QR code on the
    /// board (e.g. <c>https://rollcall.example.org/</c>); when unset, the address of each request.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Seconds between heartbeat comments on an idle <c>/events</c> stream, so proxies keep it open.</summary>
    [Range(1, 300)]
    public int EventHeartbeatSeconds { get; set; } = 15;
}
