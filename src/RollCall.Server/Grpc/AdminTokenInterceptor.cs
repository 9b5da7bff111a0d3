using Grpc.Core;
using Grpc.Core.Interceptors;
using RollCall.Server.Http;

namespace RollCall.Server.Grpc;

/// <summary>Guards every method of the service it is attached to with an admin token.</summary>
public sealed class AdminTokenInterceptor(AdminGate gate) : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await gate.DemandAsync(context);
        return await continuation(request, context);
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await gate.DemandAsync(context);
        await continuation(request, responseStream, context);
    }
}
