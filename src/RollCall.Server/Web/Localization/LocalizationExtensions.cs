using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using RollCall.Server.Http;

namespace RollCall.Server.Web;

/// <summary>
/// The pages' languages through ASP.NET Core's own stack: <c>IStringLocalizer</c> over
/// <c>Web/Resources/WebTexts*.resx</c>, and <c>RequestLocalizationMiddleware</c> choosing, in order,
/// <c>?lang=</c>, the <c>rollcall_lang</c> cookie, <c>Accept-Language</c> (es-CO, es-MX… give es),
/// then <see cref="IFallbackLanguage"/>.
/// </summary>
public static class LocalizationExtensions
{
    /// <summary>The cookie that remembers a visitor's choice (<c>c=es|uic=es</c>, as <see cref="CookieRequestCultureProvider"/> writes it).</summary>
    public const string CookieName = "rollcall_lang";

    /// <summary>The query parameter of an explicit choice, as the pages' language switch links it.</summary>
    public const string QueryKey = "lang";

    /// <summary>Adds the localizers, the language options and the request culture providers.</summary>
    public static IServiceCollection AddRollCallLocalization(this IServiceCollection services)
    {
        services.AddOptions<RollCallLocalizationOptions>()
            .BindConfiguration(RollCallLocalizationOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(), "Localization:Languages must be known culture names, and Localization:DefaultLanguage one of them.")
            .ValidateOnStart();
        services.AddLocalization();
        // The seam for the language of what is shown (an event's language): replace this registration.
        services.AddSingleton<IFallbackLanguage, EventFallbackLanguage>();
        services.AddOptions<RequestLocalizationOptions>().Configure<IOptions<RollCallLocalizationOptions>>((options, languages) =>
        {
            var cultures = languages.Value.Cultures().ToList();
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.DefaultRequestCulture = new RequestCulture(languages.Value.DefaultLanguage);
            // es-CO, es-MX and es-ES all read the neutral es texts.
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = QueryKey, UIQueryStringKey = QueryKey },
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
                new FallbackLanguageProvider(),
            ];
        });
        return services;
    }

    /// <summary>
    /// Sets each browser-facing request's culture, and remembers a <c>?lang=</c> choice in the cookie.
    /// gRPC calls pass by: their messages stay English, and the 2016 <c>GetStatus</c> pays nothing.
    /// </summary>
    public static WebApplication UseRollCallLocalization(this WebApplication app)
    {
        app.UseWhen(context => !HttpPipeline.IsGrpc(context.Request), branch =>
        {
            branch.UseRequestLocalization();
            branch.Use((context, next) =>
            {
                RememberChoice(context);
                return next(context);
            });
        });
        return app;
    }

    // A language chosen with ?lang= (the switch's links, pages are GETs) sticks across pages and visits.
    private static void RememberChoice(HttpContext context)
    {
        var feature = context.Features.Get<IRequestCultureFeature>();
        if (!HttpMethods.IsGet(context.Request.Method) || feature?.Provider is not QueryStringRequestCultureProvider)
        {
            return;
        }

        var value = CookieRequestCultureProvider.MakeCookieValue(feature.RequestCulture);
        if (context.Request.Cookies[CookieName] == value)
        {
            return;
        }

        context.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            Path = "/",
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            HttpOnly = false,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
    }

    /// <summary>The last provider: <see cref="IFallbackLanguage"/> for the request.</summary>
    private sealed class FallbackLanguageProvider : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var language = await httpContext.RequestServices.GetRequiredService<IFallbackLanguage>().ForAsync(httpContext);
            return string.IsNullOrEmpty(language) ? null : new ProviderCultureResult(language);
        }
    }
}
