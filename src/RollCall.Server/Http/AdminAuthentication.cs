using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using RollCall.Server.Application;

namespace RollCall.Server.Http;

/// <summary>
/// Who is an admin, for every door: ASP.NET Core authentication with three schemes.
/// <list type="bullet">
/// <item><see cref="TokenScheme"/>: <c>Authorization: Bearer &lt;admin token&gt;</c>, checked by <see cref="AdminTokenHandler"/>
/// (gRPC, JSON, scripts on the admin pages).</item>
/// <item><see cref="SessionScheme"/>: the admin page's cookie <c>rollcall_admin</c> (HttpOnly, SameSite=Strict, Secure
/// over https, Path=/admin, 12 h), opened by posting a token once to the login form. The cookie holds
/// only a protected session id; the session lives in <see cref="AdminSessionStore"/>, so logging out
/// ends it, and it lasts only while the token that opened it is in force (<see cref="AdminSessionEvents"/>).</item>
/// <item><see cref="PageScheme"/>: the admin pages' choice between the two: the token when the request
/// carries an Authorization header, else the session.</item>
/// </list>
/// There is no default scheme: only endpoints whose policy names a scheme, and calls that ask
/// (a private status), run a handler, so public calls never pay for authentication.
/// </summary>
public static class AdminAuthentication
{
    /// <summary>The bearer admin token scheme.</summary>
    public const string TokenScheme = "AdminToken";

    /// <summary>The admin page's session cookie scheme.</summary>
    public const string SessionScheme = "AdminSession";

    /// <summary>The admin pages' scheme: the token if one is sent, else the session.</summary>
    public const string PageScheme = "AdminPage";

    /// <summary>The admin pages' path, and the session cookie's.</summary>
    public const string PagePath = "/admin";

    /// <summary>The session cookie.</summary>
    public const string CookieName = "rollcall_admin";

    /// <summary>How long a session lasts after login.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    /// <summary>The claim with the SHA-256 (hex) of the token a principal was authenticated with.</summary>
    public const string TokenHashClaim = "rollcall:admin-token-sha256";

    /// <summary>The <see cref="AuthenticationProperties"/> parameter that carries an <see cref="AdminRefusal"/>.</summary>
    internal const string RefusalParameter = "rollcall:admin-refusal";

    private static readonly Task<AuthenticateResult> _noToken = Task.FromResult(AuthenticateResult.NoResult());

    /// <summary>Adds the three schemes, the session store and the session checks.</summary>
    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<AdminSessionStore>();
        services.AddSingleton<AdminSessionEvents>();
        // A plain handler, registered as AuthenticationBuilder.AddScheme would register one of the base class.
        services.AddTransient<AdminTokenHandler>();
        services.AddAuthentication(options => options.AddScheme<AdminTokenHandler>(TokenScheme, null))
            .AddCookie(SessionScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.Path = PagePath;
                options.Cookie.IsEssential = true;
                options.ExpireTimeSpan = SessionLifetime;
                options.SlidingExpiration = false;
                options.EventsType = typeof(AdminSessionEvents);
                // No redirects to a login path: without a session the pages answer as the token scheme does.
                options.ForwardChallenge = TokenScheme;
                options.ForwardForbid = TokenScheme;
            })
            .AddPolicyScheme(PageScheme, null, options =>
                options.ForwardDefaultSelector = context => context.Request.Headers.Authorization.Count > 0 ? TokenScheme : SessionScheme);
        services.AddOptions<CookieAuthenticationOptions>(SessionScheme)
            .Configure<AdminSessionStore>((options, store) => options.SessionStore = store);
        return services;
    }

    /// <summary>
    /// Authenticates the caller with the token scheme, for calls open to everyone that show more to
    /// an admin. Without an Authorization header there is nothing to check, so no handler is made:
    /// the public view of a private status costs nothing extra.
    /// </summary>
    public static Task<AuthenticateResult> AuthenticateTokenAsync(this HttpContext context) =>
        context.Request.Headers.Authorization.Count == 0 ? _noToken : context.AuthenticateAsync(TokenScheme);

    /// <summary>Checks a token posted to the login form through the token scheme: the same check, budget and audit as a bearer token.</summary>
    public static Task<AuthenticateResult> AuthenticatePostedTokenAsync(this HttpContext context, string token)
    {
        context.Features.Set(new PostedAdminToken(token));
        return context.AuthenticateAsync(TokenScheme);
    }

    /// <summary>Opens a session for a principal the token scheme authenticated (the cookie carries only the session id).</summary>
    public static Task SignInSessionAsync(this HttpContext context, ClaimsPrincipal tokenPrincipal)
    {
        var identity = new ClaimsIdentity(tokenPrincipal.Claims.Where(c => c.Type is ClaimTypes.Name or TokenHashClaim), SessionScheme);
        return context.SignInAsync(SessionScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
    }

    /// <summary>Why authentication refused the caller; null when it did not (success, or no credentials).</summary>
    public static AdminRefusal? Refusal(AuthenticateResult result) =>
        result.Properties?.GetParameter<AdminRefusal>(RefusalParameter);

    /// <summary>The admin token name of the authenticated caller, or <c>anonymous</c>.</summary>
    public static string CallerName(HttpContext context) => context.User.Identity?.Name ?? "anonymous";

    /// <summary>True when the caller authenticated with a token in the header rather than a session, so needs no antiforgery token.</summary>
    public static bool ByToken(HttpContext context) => context.User.Identity?.AuthenticationType == TokenScheme;
}

/// <summary>
/// Ends an admin page session whose token was rotated or revoked since login (here, or on another
/// replica and reloaded since): each request checks the token's SHA-256 against the tokens in force.
/// </summary>
public sealed class AdminSessionEvents(AdminTokens tokens) : CookieAuthenticationEvents
{
    /// <inheritdoc />
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var hash = context.Principal?.FindFirst(AdminAuthentication.TokenHashClaim)?.Value;
        if (hash is { Length: 64 } && tokens.NameInForce(Convert.FromHexString(hash)) is not null)
        {
            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(AdminAuthentication.SessionScheme);
    }
}
