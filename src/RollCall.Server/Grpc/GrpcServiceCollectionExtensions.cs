using RollCall.Server.Application;
using RollCall.Server.FastPath;

namespace RollCall.Server.Grpc;

/// <summary>
/// Registers and maps the gRPC services: the 2016 contract, the v1 API, the standard health
/// service (<c>grpc.health.v1.Health</c>, fed by the database check) and server reflection, so
/// generic tools (grpcurl, grpc_health_probe, Postman) list and call everything.
/// </summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>The fully qualified names of RollCall's own services, for health checking.</summary>
    public static IReadOnlyList<string> ServiceNames { get; } =
    [
        Legacy.RegisterService.Descriptor.FullName,
        V1.Registration.Descriptor.FullName,
        V1.Admin.Descriptor.FullName,
    ];

    /// <summary>Adds gRPC with JSON transcoding and the store error mapping; the admin methods say their policy with [Authorize].</summary>
    public static IServiceCollection AddRollCallGrpc(this IServiceCollection services)
    {
        services.AddSingleton<LegacyStatusEncoder>();
        // The services keep no per-call state: one instance each, instead of one built per call.
        services.AddSingleton<LegacyRegisterService>();
        services.AddSingleton<RegistrationService>();
        services.AddSingleton<StoreErrorInterceptor>();
        services
            .AddGrpc(options =>
            {
                options.MaxReceiveMessageSize = GrpcFastPath.MaxReceiveMessageBytes;
                options.MaxSendMessageSize = null;
                options.EnableDetailedErrors = false;
                options.Interceptors.Add<StoreErrorInterceptor>();
            })
            .AddJsonTranscoding();
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(options =>
        {
            // Check runs the checks on each call, so a probe sees a database outage at once.
            options.UseHealthChecksCache = false;
            options.Services.Map(string.Empty, r => r.Tags.Contains(StoreHealthCheck.DatabaseTag));
            foreach (var service in ServiceNames)
            {
                options.Services.Map(service, r => r.Tags.Contains(StoreHealthCheck.DatabaseTag));
            }
        });
        return services;
    }

    /// <summary>Maps the gRPC services.</summary>
    public static IEndpointRouteBuilder MapRollCallGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<LegacyRegisterService>();
        endpoints.MapGrpcService<RegistrationService>();
        endpoints.MapGrpcService<AdminService>();
        endpoints.MapGrpcService<EventsService>();
        endpoints.MapGrpcReflectionService();
        endpoints.MapGrpcHealthChecksService();
        return endpoints;
    }
}
