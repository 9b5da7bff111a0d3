using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace RollCall.Server.Http;

/// <summary>How the server treats HTTP requests before any door sees them, bound from the <c>RollCall</c> section.</summary>
public sealed class HttpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall";

    /// <summary>The largest HTTP request body accepted, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Reverse proxies whose <c>X-Forwarded-For</c> names the client (addresses and CIDR networks,
    /// comma-separated); empty: the header is ignored and the connection's peer is the client.
    /// </summary>
    public string? TrustedProxies { get; set; }
}

/// <summary>What every HTTP request passes before the doors: the client's address, the body limit, security headers.</summary>
public static class HttpPipeline
{
    /// <summary>The configuration section of the HSTS header's settings (<c>MaxAge</c>, <c>IncludeSubDomains</c>).</summary>
    public const string HstsSection = "RollCall:Hsts";

    /// <summary>Adds the HTTP options, and the admin authentication and policies every admin door goes through.</summary>
    public static IServiceCollection AddRollCallHttp(this IServiceCollection services)
    {
        services.AddOptions<HttpOptions>()
            .BindConfiguration(HttpOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Browsers that once saw the page over HTTPS keep to it; the framework leaves localhost out.
        services.AddOptions<HstsOptions>()
            .Configure(hsts => hsts.MaxAge = TimeSpan.FromDays(365))
            .BindConfiguration(HstsSection);
        services.AddAdminAuthentication();
        services.AddAdminPolicies();
        return services;
    }

    /// <summary>
    /// The client's address and scheme (X-Forwarded-For and X-Forwarded-Proto only from
    /// <c>--trusted-proxy</c>), HSTS on HTTPS, the request size guard and the security headers of
    /// every browser-facing response.
    /// </summary>
    public static WebApplication UseRollCallHttp(this WebApplication app)
    {
        app.UseRollCallForwardedHeaders();
        // After the forwarded headers, so a request that reached the TLS proxy counts as HTTPS.
        app.UseWhen(context => !IsGrpc(context.Request), browser => browser.UseHsts());
        var maxBody = app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.MaxRequestBodyBytes;
        // Not async: every request passes here, and an async lambda would allocate a state machine for each.
        app.Use((context, next) =>
        {
            var request = context.Request;
            var grpc = IsGrpc(request);
            if (request.ContentLength > maxBody && !grpc)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return context.Response.WriteAsJsonAsync($"The request body is larger than the limit of {maxBody / 1024} KiB.");
            }

            // These tell a browser how to treat a document; a gRPC response is never one, and on
            // HTTP/2 each unknown response header costs every call a header dictionary.
            if (!grpc)
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy =
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
            }

            return next(context);
        });
        return app;
    }

    /// <summary>True for a gRPC call (HTTP/2 with a gRPC content type).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    /// <summary>Sets <c>Retry-After</c> to <paramref name="retryAfter"/> in whole seconds (at least one) and returns the value.</summary>
    public static string SetRetryAfter(HttpResponse response, TimeSpan retryAfter)
    {
        var seconds = RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        response.Headers.RetryAfter = seconds;
        return seconds;
    }

    /// <summary>A wait in whole seconds, rounded up, at least one: what <c>Retry-After</c> carries.</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}
