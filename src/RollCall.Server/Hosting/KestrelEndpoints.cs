using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Http;

namespace RollCall.Server.Hosting;

/// <summary>
/// Binds the endpoints. The two of 2016: the web page (HTTP/1.1) and gRPC (cleartext HTTP/2 with
/// prior knowledge, h2c, since there is no ALPN without TLS); either can be turned off with
/// <c>none</c>. And, with <c>--tls-url</c>, one TLS endpoint serving everything, where ALPN picks
/// HTTP/2 for gRPC and HTTP/1.1 or HTTP/2 for browsers. https endpoints use the PEM certificate
/// of <c>--tls-cert</c>/<c>--tls-key</c>, or else the standard Kestrel certificate configuration.
/// Operators who configure <c>Kestrel:Endpoints</c> themselves get exactly those instead.
/// </summary>
public static class KestrelEndpoints
{
    /// <summary>The URL value that turns an endpoint off.</summary>
    public const string None = "none";

    /// <summary>Adds the endpoint configuration and the connection limits to the web host.</summary>
    public static WebApplicationBuilder ConfigureRollCallEndpoints(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ListeningAddresses>();
        builder.Services.AddSingleton(sp => ConnectionBudget.From(sp.GetRequiredService<IOptions<LimitsOptions>>().Value));
        builder.Services.AddSingleton<ConnectionsPerAddress>();
        // Live streams stop well before the connection cap: the rest is kept for registrations.
        builder.Services.AddOptions<StreamLimitOptions>().PostConfigure<ConnectionBudget>(
            (streams, budget) => streams.StreamConnectionCeiling = Math.Min(streams.StreamConnectionCeiling, budget.StreamCeiling));
        builder.Services.AddHostedService<ListeningAnnouncement>();
        builder.Services.AddHostedService<SingleCpuTiering>();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<EndpointOptions>>().Value;
            var http = kestrel.ApplicationServices.GetRequiredService<IOptions<HttpOptions>>().Value;
            var limits = kestrel.ApplicationServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
            var tls = kestrel.ApplicationServices.GetRequiredService<IOptions<TlsOptions>>().Value;
            var budget = kestrel.ApplicationServices.GetRequiredService<ConnectionBudget>();
            var perAddress = kestrel.ApplicationServices.GetRequiredService<ConnectionsPerAddress>();
            ApplyLimits(kestrel, http, limits, budget);
            if (context.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
            {
                return;
            }

            var certificate = LoadCertificate(tls);
            var endpoints = new List<(Uri Uri, HttpProtocols Protocols, ListeningAddresses.Role Roles)>();
            var web = Parse(options.WebUrl, "--web-url");
            var grpc = Parse(options.GrpcUrl, "--grpc-url");
            // Port 0 twice means two ports of the system's choosing, not one shared port.
            if (web is not null && web == grpc && web.Port != 0)
            {
                // One port for both only makes sense with TLS, where ALPN picks the protocol.
                endpoints.Add((web, web.Scheme == Uri.UriSchemeHttps ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2, ListeningAddresses.Role.Web | ListeningAddresses.Role.Grpc));
            }
            else
            {
                if (web is not null)
                {
                    endpoints.Add((web, web.Scheme == Uri.UriSchemeHttps ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1, ListeningAddresses.Role.Web));
                }

                if (grpc is not null)
                {
                    endpoints.Add((grpc, grpc.Scheme == Uri.UriSchemeHttps ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2, ListeningAddresses.Role.Grpc));
                }
            }

            if (Parse(tls.Url, "--tls-url") is { } tlsUrl)
            {
                if (tlsUrl.Scheme != Uri.UriSchemeHttps || certificate is null)
                {
                    throw new InvalidOperationException("--tls-url needs an https:// URL and both --tls-cert and --tls-key.");
                }

                endpoints.Add((tlsUrl, HttpProtocols.Http1AndHttp2, ListeningAddresses.Role.Tls));
            }

            if (endpoints.Count == 0)
            {
                throw new InvalidOperationException("Every endpoint is turned off: give --web-url, --grpc-url or --tls-url an address.");
            }

            var addresses = kestrel.ApplicationServices.GetRequiredService<ListeningAddresses>();
            foreach (var (uri, protocols, roles) in endpoints)
            {
                Listen(kestrel, uri, protocols, certificate, listen =>
                {
                    addresses.Add(roles, uri, listen);
                    listen.Use(perAddress.Middleware);
                });
            }
        });
        return builder;
    }

    private static void ApplyLimits(KestrelServerOptions kestrel, HttpOptions http, LimitsOptions limits, ConnectionBudget budget)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = http.MaxRequestBodyBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalBytes;
        kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
        kestrel.Limits.MaxConcurrentConnections = budget.MaxConnections;
        kestrel.Limits.MaxConcurrentUpgradedConnections = budget.MaxConnections;
        // Idle and trickling connections give their descriptor back soon, so a slow or silent
        // client cannot sit on the connections others need.
        kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(limits.KeepAliveTimeoutSeconds);
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(limits.RequestHeadersTimeoutSeconds);
        kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5));
        kestrel.Limits.Http2.MaxStreamsPerConnection = limits.MaxStreamsPerConnection;
        // HTTP/2 header blocks obey the same total as HTTP/1.1 headers.
        kestrel.Limits.Http2.MaxRequestHeaderFieldSize = Math.Min(limits.MaxRequestHeadersTotalBytes, kestrel.Limits.Http2.MaxRequestHeaderFieldSize);
    }

    private static X509Certificate2? LoadCertificate(TlsOptions tls)
    {
        if (string.IsNullOrWhiteSpace(tls.CertificatePath) && string.IsNullOrWhiteSpace(tls.KeyPath))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(tls.CertificatePath) || string.IsNullOrWhiteSpace(tls.KeyPath))
        {
            throw new InvalidOperationException("--tls-cert and --tls-key go together: give both PEM files.");
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"Cannot load the TLS certificate {tls.CertificatePath} with key {tls.KeyPath}: {exception.Message}", exception);
        }
    }

    private static Uri? Parse(string? url, string flag)
    {
        if (string.IsNullOrWhiteSpace(url) || string.Equals(url, None, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // "*" and "+" are the usual ASP.NET spellings of "every address".
        var normalized = url.Replace("://*:", "://[::]:", StringComparison.Ordinal).Replace("://+:", "://[::]:", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/")
        {
            throw new InvalidOperationException($"{flag} must look like http://HOST:PORT or https://HOST:PORT, not '{url}'.");
        }

        if (!uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _))
        {
            throw new InvalidOperationException($"{flag} needs an IP address or localhost to bind to, not '{uri.Host}'.");
        }

        return uri;
    }

    private static void Listen(KestrelServerOptions kestrel, Uri uri, HttpProtocols protocols, X509Certificate2? certificate, Action<ListenOptions> configured)
    {
        void Configure(ListenOptions listen)
        {
            configured(listen);
            listen.Protocols = protocols;
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
                else
                {
                    listen.UseHttps();
                }
            }
        }

        if (uri.Host == "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, Configure);
        }
        else
        {
            var address = IPAddress.Parse(uri.Host.Trim('[', ']'));
            if (address.Equals(IPAddress.IPv6Any))
            {
                kestrel.ListenAnyIP(uri.Port, Configure);
            }
            else
            {
                kestrel.Listen(address, uri.Port, Configure);
            }
        }
    }
}
