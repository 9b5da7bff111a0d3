using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;
using RollCall.Matrix.Show;

namespace RollCall.Server.Web;

/// <summary>Registers and maps the web side: page, live events, board, admin pages, assets and security headers.</summary>
public static class WebApplicationExtensions
{
    /// <summary>
    /// Adds the web options, the Razor components' rendering, the form limits and the data protection
    /// of the admin forms and sessions.
    /// </summary>
    public static IServiceCollection AddRollCallWeb(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>()
            .BindConfiguration(WebOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.PublicUrl is null or { Length: 0 } || PublicAddress.TryParse(o.PublicUrl, out _), "--public-url must be an absolute http:// or https:// URL without a query.")
            .ValidateOnStart();
        // The pages are Razor components, rendered as static HTML (no interactivity, no circuits).
        services.AddRazorComponents();
        services.AddSingleton<PageRenderer>();
        // Components encode every value they write. Only markup characters, quotes and & need it:
        // the pages are UTF-8, so names like José stay readable in the source.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddSingleton(new AttendanceShow());
        services.AddDataProtection().SetApplicationName("RollCall");
        services.Configure<KeyManagementOptions>(options =>
        {
            // The keys sign the admin forms' antiforgery tokens and the session cookies, and live as
            // long as the admin sessions they protect: in memory, until a restart. Nothing to encrypt at rest.
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

    /// <summary>Adds the embedded static assets: the page's, board's and admin page's CSS and JavaScript.</summary>
    public static WebApplication UseRollCallWeb(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(WebApplicationExtensions).Assembly, "wwwroot"),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=300",
        });
        return app;
    }

    /// <summary>Maps the registration page and its form, the live events, the board and the admin pages, for the current event and for each by its slug.</summary>
    public static IEndpointRouteBuilder MapRollCallWeb(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRegistrationPage();
        endpoints.MapGet("/events", StatusEventStream.HandleAsync);
        endpoints.MapBoardPage();
        endpoints.MapBoardShow();
        endpoints.MapAdminPage();

        // The same pages for one event by its slug: /e/{slug}/, /attendees, /board, /events.
        var e = endpoints.MapEventPages();
        e.MapEventRegistrationPage();
        e.MapGet("/events", StatusEventStream.HandleAsync);
        e.MapBoardPage();
        e.MapBoardShow();
        return endpoints;
    }
}
