using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace RollCall.Server.Hosting;

/// <summary>
/// Binds the two endpoints of 2016: the web page and gRPC. Cleartext gRPC needs HTTP/2 with prior
/// knowledge (h2c), so the gRPC endpoint speaks only HTTP/2; the web endpoint speaks HTTP/1.1
/// and, over TLS, HTTP/2 too. An https URL takes its certificate from the standard Kestrel
/// configuration (<c>Kestrel:Certificates:Default</c>). Operators who configure
/// <c>Kestrel:Endpoints</c> themselves get exactly those instead.
/// </summary>
public static class KestrelEndpoints
{
    /// <summary>Adds the endpoint configuration to the web host.</summary>
    public static WebApplicationBuilder ConfigureRollCallEndpoints(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<RollCallOptions>>().Value;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
            if (context.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
            {
                return;
            }

            var web = Parse(options.WebUrl, "--web-url");
            var grpc = Parse(options.GrpcUrl, "--grpc-url");
            if (web == grpc)
            {
                // One port for both only makes sense with TLS, where ALPN picks the protocol.
                Listen(kestrel, web, web.Scheme == Uri.UriSchemeHttps ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2);
                return;
            }

            // Without TLS there is no ALPN: the page speaks HTTP/1.1, gRPC speaks h2c.
            Listen(kestrel, web, web.Scheme == Uri.UriSchemeHttps ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1);
            Listen(kestrel, grpc, grpc.Scheme == Uri.UriSchemeHttps ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2);
        });
        return builder;
    }

    private static Uri Parse(string url, string flag)
    {
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

    private static void Listen(KestrelServerOptions kestrel, Uri uri, HttpProtocols protocols)
    {
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                listen.UseHttps();
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
