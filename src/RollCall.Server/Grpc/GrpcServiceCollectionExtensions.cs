namespace RollCall.Server.Grpc;

/// <summary>Registers and maps the gRPC services: the 2016 contract and the v1 API.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>The largest gRPC request accepted. Requests are small; responses are not limited.</summary>
    public const int MaxReceiveMessageBytes = 64 * 1024;

    /// <summary>Adds gRPC with JSON transcoding, the store error mapping and the admin guard.</summary>
    public static IServiceCollection AddRollCallGrpc(this IServiceCollection services)
    {
        services.AddSingleton<AdminTokenInterceptor>();
        services.AddSingleton<StoreErrorInterceptor>();
        services
            .AddGrpc(options =>
            {
                options.MaxReceiveMessageSize = MaxReceiveMessageBytes;
                options.MaxSendMessageSize = null;
                options.EnableDetailedErrors = false;
                options.Interceptors.Add<StoreErrorInterceptor>();
            })
            .AddJsonTranscoding()
            .AddServiceOptions<AdminService>(options => options.Interceptors.Add<AdminTokenInterceptor>());
        return services;
    }

    /// <summary>Maps the gRPC services.</summary>
    public static IEndpointRouteBuilder MapRollCallGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<LegacyRegisterService>();
        endpoints.MapGrpcService<RegistrationService>();
        endpoints.MapGrpcService<AdminService>();
        return endpoints;
    }
}
