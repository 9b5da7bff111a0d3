using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;

namespace RollCall.Server.Http;

/// <summary>
/// The authorization policies endpoints declare (<c>RequireAuthorization</c>, <c>[Authorize]</c>).
/// Each names its scheme, so only the endpoints that declare one authenticate.
/// </summary>
public static class AdminPolicies
{
    /// <summary>An admin token in the Authorization header: the gRPC and JSON admin API.</summary>
    public const string Admin = "admin";

    /// <summary>An admin token in the header or an admin page session: the admin pages.</summary>
    public const string AdminPage = "admin-page";

    /// <summary>The 2016 <c>GetCode</c>: <see cref="Admin"/>, or anyone with <c>--allow-anonymous-codes</c>.</summary>
    public const string MintCodes = "mint-codes";

    /// <summary>Listing attendees by name: anyone while names are public, else <see cref="Admin"/> (<c>--public-names=false</c>).</summary>
    public const string AttendeeNames = "attendee-names";

    /// <summary>Adds the policies; the two that depend on settings are built once from them.</summary>
    public static IServiceCollection AddAdminPolicies(this IServiceCollection services)
    {
        var admin = new AuthorizationPolicyBuilder(AdminAuthentication.TokenScheme).RequireAuthenticatedUser().Build();
        var page = new AuthorizationPolicyBuilder(AdminAuthentication.PageScheme).RequireAuthenticatedUser().Build();
        // Names no scheme, so nothing authenticates: a token sent along is ignored, as before policies.
        var anyone = new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build();
        // The framework registers its authorization services as transient, so each admin call
        // would build six of them; none keeps state, so one each serves every call. Registered
        // first, they are the ones AddAuthorization's TryAdd finds.
        services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        services.AddSingleton<IAuthorizationHandlerContextFactory, DefaultAuthorizationHandlerContextFactory>();
        services.AddSingleton<IAuthorizationEvaluator, DefaultAuthorizationEvaluator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, PassThroughAuthorizationHandler>());
        services.AddSingleton<IAuthorizationHandlerProvider, DefaultAuthorizationHandlerProvider>();
        services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        services.AddSingleton<IPolicyEvaluator, PolicyEvaluator>();
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>()
            .Configure<IOptions<CodeOptions>, IOptions<StatusOptions>>((options, codes, status) =>
            {
                options.AddPolicy(Admin, admin);
                options.AddPolicy(AdminPage, page);
                options.AddPolicy(MintCodes, codes.Value.AllowAnonymousCodes ? anyone : admin);
                options.AddPolicy(AttendeeNames, status.Value.PublicNames ? anyone : admin);
            });
        return services;
    }

    /// <summary>
    /// Authorization, for the endpoints that declare a policy only: every other request (the public
    /// status, polled tens of thousands of times a second) passes without it, which would cost each
    /// call some 600 bytes of allocations (docs/ARCHITECTURE.md). Every policy names its scheme and
    /// the authorization middleware authenticates that scheme itself, so the authentication
    /// middleware, which would only find that there is no default scheme and no remote handler, is
    /// left out: it cost the 2016 GetCode 6% of its CPU (docs/BENCHMARKS.md).
    /// </summary>
    public static WebApplication UseAdminPolicies(this WebApplication app)
    {
        var builder = (IApplicationBuilder)app;
        app.UseWhen(DeclaresPolicy, branch => Mark(builder, branch.UseAuthorization()));
        // The host puts authentication (and authorization) in front of the whole pipeline of an
        // application whose builder lacks their marks; a throwaway builder lends the mark.
        Mark(builder, builder.New().UseAuthentication());
        return app;
    }

    private static void Mark(IApplicationBuilder app, IApplicationBuilder from)
    {
        foreach (var (key, value) in from.Properties.Where(p => !app.Properties.ContainsKey(p.Key)).ToList())
        {
            app.Properties[key] = value;
        }
    }

    private static bool DeclaresPolicy(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata
            && (metadata.GetMetadata<IAuthorizeData>() is not null || metadata.GetMetadata<AuthorizationPolicy>() is not null);
}
