using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace RollCall.Server.Http;

/// <summary>
/// Who is calling, for rate limits: the connection's peer address, or the address a trusted reverse
/// proxy put in <c>X-Forwarded-For</c>. Without <c>--trusted-proxy</c> that header is ignored, so a
/// client cannot pick its own rate-limit bucket.
/// </summary>
public static class ClientAddress
{
    /// <summary>The partition of a caller whose address is unknown (in-process test hosts).</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// The rate-limit partition of an address: an IPv4 address, or the /64 network of an IPv6 address
    /// (one subscriber usually holds a whole /64, so single IPv6 addresses cost an attacker nothing).
    /// </summary>
    public static string PartitionKey(IPAddress? address)
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

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>The partition of the caller of an HTTP request.</summary>
    public static string PartitionKey(HttpContext context) => PartitionKey(context.Connection.RemoteIpAddress);

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
    /// Reads <c>X-Forwarded-For</c> only from the configured proxies. With none configured the
    /// middleware is not added at all: ASP.NET Core would otherwise trust loopback by default.
    /// </summary>
    public static WebApplication UseRollCallForwardedHeaders(this WebApplication app)
    {
        var (proxies, networks) = ParseTrustedProxies(app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.TrustedProxies);
        if (proxies.Count == 0 && networks.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 8 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        proxies.ForEach(options.KnownProxies.Add);
        networks.ForEach(options.KnownIPNetworks.Add);
        app.UseForwardedHeaders(options);
        return app;
    }
}
