using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RollCall.Server.Application;

/// <summary>Healthy while the store answers and takes writes (<see cref="IRegistrationStore.PingAsync"/>).</summary>
public sealed class StoreHealthCheck(IRegistrationStore store) : IHealthCheck
{
    /// <summary>The tag of checks that need the database.</summary>
    public const string DatabaseTag = "database";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.PingAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database answers.")
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (StoreUnavailableException exception)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}
