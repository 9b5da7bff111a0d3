using Grpc.Core;
using Grpc.Core.Interceptors;
using RollCall.Server.Application;

namespace RollCall.Server.Grpc;

/// <summary>Turns a database outage into UNAVAILABLE with a clear message instead of UNKNOWN.</summary>
public sealed class StoreErrorInterceptor : Interceptor
{
    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Task<TResponse> call;
        try
        {
            call = continuation(request, context);
        }
        catch (StoreUnavailableException exception)
        {
            throw Unavailable(exception);
        }

        // Status reads complete at once from memory: hand their task back without a state machine.
        return call.IsCompletedSuccessfully ? call : AwaitAsync(call);
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (StoreUnavailableException exception)
        {
            throw Unavailable(exception);
        }
    }

    private static async Task<TResponse> AwaitAsync<TResponse>(Task<TResponse> call)
    {
        try
        {
            return await call;
        }
        catch (StoreUnavailableException exception)
        {
            throw Unavailable(exception);
        }
    }

    private static RpcException Unavailable(StoreUnavailableException exception) =>
        new(new Status(StatusCode.Unavailable, exception.Message));
}
