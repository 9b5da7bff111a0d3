using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RollCall.Server.Application;

namespace RollCall.Server.Hosting;

/// <summary>
/// Health endpoints on every port: <c>/healthz</c> and <c>/readyz</c> answer 200 while the database
/// answers and 503 when it does not; <c>/livez</c> only says the process serves requests.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Adds the database check.</summary>
    public static IServiceCollection AddRollCallHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("database", tags: [StoreHealthCheck.DatabaseTag]);
        return services;
    }

    /// <summary>Maps /healthz, /readyz and /livez.</summary>
    public static IEndpointRouteBuilder MapRollCallHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        var withDatabase = new HealthCheckOptions { Predicate = c => c.Tags.Contains(StoreHealthCheck.DatabaseTag), ResponseWriter = WriteAsync };
        endpoints.MapHealthChecks("/healthz", withDatabase);
        endpoints.MapHealthChecks("/readyz", withDatabase);
        endpoints.MapHealthChecks("/livez", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
