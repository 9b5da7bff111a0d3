namespace RollCall.Server.Security;

/// <summary>Registers the admin token and its gate.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>Adds the admin token keeper and the gate that checks calls against it.</summary>
    public static IServiceCollection AddRollCallSecurity(this IServiceCollection services)
    {
        services.AddSingleton<AdminTokens>();
        services.AddSingleton<AdminGate>();
        return services;
    }
}
