using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using RollCall.Matrix.Show;
using RollCall.Server.Hosting;

namespace RollCall.Server.Web;

/// <summary>Registers and maps the web side: page, live events, board, admin pages, assets and security headers.</summary>
public static class WebApplicationExtensions
{
    /// <summary>Adds the form limits, the admin sessions and the antiforgery tokens of the admin forms.</summary>
    public static IServiceCollection AddRollCallWeb(this IServiceCollection services)
    {
        services.AddSingleton<AdminSessions>();
        services.AddSingleton(new AttendanceShow());
        services.AddDataProtection().SetApplicationName("RollCall");
        services.Configure<KeyManagementOptions>(options =>
        {
            // The keys sign the admin forms' antiforgery tokens and live as long as the admin
            // sessions they protect: in memory, until a restart. Nothing to encrypt at rest.
            options.XmlRepository = new InMemoryKeyRepository();
            options.XmlEncryptor = new NullXmlEncryptor();
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "rollcall_csrf";
            options.Cookie.Path = "/admin";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "csrf";
            // The security headers already say DENY; antiforgery would weaken it to SAMEORIGIN.
            options.SuppressXFrameOptionsHeader = true;
        });
        services.Configure<FormOptions>(options =>
        {
            options.ValueCountLimit = 16;
            options.KeyLengthLimit = 64;
            options.ValueLengthLimit = 16 * 1024;
        });
        return services;
    }

    /// <summary>Adds security headers, the request size guard and the embedded static assets.</summary>
    public static WebApplication UseRollCallWeb(this WebApplication app)
    {
        var maxBody = app.Services.GetRequiredService<IOptions<RollCallOptions>>().Value.MaxRequestBodyBytes;
        // Not async: every request passes here, and an async lambda would allocate a state machine for each.
        app.Use((context, next) =>
        {
            var request = context.Request;
            var grpc = request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
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
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(WebApplicationExtensions).Assembly, "wwwroot"),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=300",
        });
        return app;
    }

    /// <summary>Maps the registration page and its form, the live events, the board and the admin pages.</summary>
    public static IEndpointRouteBuilder MapRollCallWeb(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRegistrationPage();
        endpoints.MapGet("/events", StatusEventStream.HandleAsync);
        endpoints.MapBoardPage();
        endpoints.MapBoardShow();
        endpoints.MapAdminPage();
        return endpoints;
    }
}
