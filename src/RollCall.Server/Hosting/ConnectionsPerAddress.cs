using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Http;

namespace RollCall.Server.Hosting;

/// <summary>
/// Kestrel connection middleware that caps the connections one peer address holds open at
/// <see cref="ConnectionBudget.MaxConnectionsPerAddress"/>, so one address, however slow or
/// silent its connections, never takes the whole connection cap. Trusted proxies are exempt:
/// every client behind one arrives on its connections.
/// </summary>
public sealed partial class ConnectionsPerAddress
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly ConnectionBudget _budget;
    private readonly int _ipv6PrefixLength;
    private readonly List<IPAddress> _proxies;
    private readonly List<System.Net.IPNetwork> _networks;
    private readonly ILogger<ConnectionsPerAddress> _logger;

    /// <summary>Creates the middleware for the budget and the trusted proxies.</summary>
    public ConnectionsPerAddress(ConnectionBudget budget, IOptions<HttpOptions> http, IOptions<RateLimitOptions> rateLimits, ILogger<ConnectionsPerAddress> logger)
    {
        _budget = budget;
        _ipv6PrefixLength = rateLimits.Value.Ipv6PrefixLength;
        (_proxies, _networks) = ClientAddress.ParseTrustedProxies(http.Value.TrustedProxies);
        _logger = logger;
    }

    /// <summary>The middleware, for <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        var peer = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (peer is null || IsTrustedProxy(peer))
        {
            await next(connection);
            return;
        }

        var key = ClientAddress.PartitionKey(peer, _ipv6PrefixLength);
        if (_open.AddOrUpdate(key, 1, (_, count) => count + 1) > _budget.MaxConnectionsPerAddress)
        {
            Release(key);
            LogRefused(key, _budget.MaxConnectionsPerAddress);
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            Release(key);
        }
    };

    private bool IsTrustedProxy(IPAddress peer)
    {
        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        return _proxies.Exists(p => p.Equals(peer)) || _networks.Exists(n => n.Contains(peer));
    }

    private void Release(string key)
    {
        while (true)
        {
            var count = _open[key];
            if (count == 1 ? _open.TryRemove(new KeyValuePair<string, int>(key, 1)) : _open.TryUpdate(key, count - 1, count))
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closed a connection from {Client}: it holds {Limit} connections already")]
    private partial void LogRefused(string client, int limit);
}
