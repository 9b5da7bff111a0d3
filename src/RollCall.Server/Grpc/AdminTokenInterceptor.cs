using Grpc.Core;
using Grpc.Core.Interceptors;
using RollCall.Server.Security;

namespace RollCall.Server.Grpc;

/// <summary>Guards every method of the service it is attached to with the admin token.</summary>
public sealed class AdminTokenInterceptor(AdminGate gate) : Interceptor
{
    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        gate.Demand(context);
        return continuation(request, context);
    }

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        gate.Demand(context);
        return continuation(request, responseStream, context);
    }
}
