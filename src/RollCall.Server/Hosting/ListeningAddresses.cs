using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RollCall.Server.Hosting;

/// <summary>
/// Where the server listens, read back from Kestrel's endpoints once they are bound: the web page,
/// gRPC and the TLS endpoint. An endpoint configured with port 0 reports the port the system
/// chose, so whoever started the server (a test, a script) learns the real address from the log
/// line <see cref="ListeningAnnouncement"/> writes, or in-process from here.
/// </summary>
public sealed class ListeningAddresses
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Role, (Uri Configured, ListenOptions Listen)> _endpoints = [];

    /// <summary>What an endpoint serves.</summary>
    [Flags]
    public enum Role
    {
        /// <summary>Nothing.</summary>
        None = 0,

        /// <summary>The page, the board, the admin page and the JSON API (<c>--web-url</c>).</summary>
        Web = 1,

        /// <summary>gRPC (<c>--grpc-url</c>).</summary>
        Grpc = 2,

        /// <summary>Everything over TLS (<c>--tls-url</c>).</summary>
        Tls = 4,
    }

    /// <summary>The web page's address, once bound; null when it is off or not on Kestrel.</summary>
    public Uri? Web => Address(Role.Web);

    /// <summary>The gRPC address, once bound; null when it is off or not on Kestrel.</summary>
    public Uri? Grpc => Address(Role.Grpc);

    /// <summary>The TLS endpoint's address, once bound; null without <c>--tls-url</c>.</summary>
    public Uri? Tls => Address(Role.Tls);

    /// <summary>
    /// One line for the log: <c>Web page on http://127.0.0.1:8080; gRPC on http://127.0.0.1:50001</c>;
    /// with the operator's own <c>Kestrel:Endpoints</c>, the addresses the server reports.
    /// </summary>
    public string? Describe(IServer server)
    {
        List<(Role Roles, Uri Address)> endpoints;
        lock (_gate)
        {
            endpoints = [.. _endpoints.Select(e => (e.Key, Bound(e.Value.Configured, e.Value.Listen)))];
        }

        if (endpoints.Count == 0)
        {
            var reported = server.Features.Get<IServerAddressesFeature>()?.Addresses;
            return reported is { Count: > 0 } ? "Listening on " + string.Join(", ", reported) : null;
        }

        return string.Join("; ", endpoints.Select(e => $"{Name(e.Roles)} on {e.Address.ToString().TrimEnd('/')}"));
    }

    internal void Add(Role roles, Uri configured, ListenOptions listen)
    {
        lock (_gate)
        {
            _endpoints[roles] = (configured, listen);
        }
    }

    private static string Name(Role roles) => roles switch
    {
        Role.Web => "Web page",
        Role.Grpc => "gRPC",
        Role.Web | Role.Grpc => "Web page and gRPC",
        _ => "TLS (page, gRPC and JSON)",
    };

    // Kestrel puts the bound endpoint back into the listen options, port 0 resolved; "localhost"
    // binds two loopback addresses and cannot use port 0, so its configured address stands.
    private static Uri Bound(Uri configured, ListenOptions listen)
    {
        if (configured.Host == "localhost" || listen.IPEndPoint is not { } endpoint)
        {
            return configured;
        }

        var host = endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        return new Uri($"{configured.Scheme}://{host}:{endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    private Uri? Address(Role role)
    {
        lock (_gate)
        {
            foreach (var (roles, (configured, listen)) in _endpoints)
            {
                if ((roles & role) != 0)
                {
                    return Bound(configured, listen);
                }
            }
        }

        return null;
    }
}

/// <summary>Logs where the server listens once Kestrel has bound every endpoint.</summary>
internal sealed partial class ListeningAnnouncement(
    ListeningAddresses addresses, IServer server, IHostApplicationLifetime lifetime, ILogger<ListeningAddresses> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            if (addresses.Describe(server) is { } endpoints)
            {
                LogListening(endpoints);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Endpoints}")]
    private partial void LogListening(string endpoints);
}
