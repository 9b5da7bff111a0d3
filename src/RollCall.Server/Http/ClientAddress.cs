using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;

namespace RollCall.Server.Http;

/// <summary>
/// Who is calling, for rate limits: the connection's peer address, or the address a trusted reverse
/// proxy put in <c>X-Forwarded-For</c> (and the scheme it put in <c>X-Forwarded-Proto</c>). Without
/// <c>--trusted-proxy</c> those headers are ignored, so a client cannot pick its own rate-limit bucket.
/// </summary>
public static class ClientAddress
{
    /// <summary>The partition of a caller whose address is unknown (in-process test hosts).</summary>
    public const string Unknown = "unknown";

    /// <summary>The IPv6 prefix that names one client unless configured otherwise.</summary>
    public const int DefaultIpv6PrefixLength = 64;

    /// <summary>
    /// The rate-limit partition of an address: an IPv4 address, or the network of an IPv6 address
    /// of <paramref name="ipv6PrefixLength"/> bits (one subscriber usually holds a whole /64 or
    /// more, so single IPv6 addresses cost an attacker nothing).
    /// </summary>
    public static string PartitionKey(IPAddress? address, int ipv6PrefixLength = DefaultIpv6PrefixLength)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var prefix = Math.Clamp(ipv6PrefixLength, 0, 128);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        var whole = prefix / 8;
        if (whole < 16)
        {
            bytes[whole] &= (byte)(0xFF << (8 - (prefix % 8)));
            bytes[(whole + 1)..].Clear();
        }

        return new IPAddress(bytes).ToString() + "/" + prefix.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The partition of the caller of an HTTP request, with the configured IPv6 prefix.</summary>
    public static string PartitionKey(HttpContext context) =>
        PartitionKey(context.Connection.RemoteIpAddress, context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Ipv6PrefixLength);

    /// <summary>The partition of the caller of a gRPC call.</summary>
    public static string PartitionKey(ServerCallContext context) => PartitionKey(context.GetHttpContext());

    /// <summary>Reads <c>--trusted-proxy</c>: addresses and CIDR networks separated by commas.</summary>
    public static (List<IPAddress> Proxies, List<System.Net.IPNetwork> Networks) ParseTrustedProxies(string? text)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var item in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(item, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(item, out var address))
            {
                proxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"--trusted-proxy takes IP addresses or networks like 10.0.0.1 or 10.0.0.0/8, not '{item}'.");
            }
        }

        return (proxies, networks);
    }

    /// <summary>
    /// Reads <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> only from the configured proxies,
    /// so behind a TLS proxy the request is https (links, Secure cookies, HSTS). With none
    /// configured the middleware is not added at all: ASP.NET Core would otherwise trust loopback
    /// by default.
    /// </summary>
    public static WebApplication UseRollCallForwardedHeaders(this WebApplication app)
    {
        var (proxies, networks) = ParseTrustedProxies(app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.TrustedProxies);
        if (proxies.Count == 0 && networks.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 8 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        proxies.ForEach(options.KnownProxies.Add);
        networks.ForEach(options.KnownIPNetworks.Add);
        app.UseForwardedHeaders(options);
        return app;
    }
}
