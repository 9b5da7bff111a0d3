using Grpc.Core;
using RollCall.Legacy;

namespace RollCall.BareGrpc;

/// <summary>Answers every GetStatus with the same empty status: no state, no work.</summary>
internal sealed class ConstantStatusService : RegisterService.RegisterServiceBase
{
    private static readonly Task<StatusResponse> _empty = Task.FromResult(new StatusResponse { AppData = new AppData() });

    public override Task<StatusResponse> GetStatus(StatusRequest request, ServerCallContext context) => _empty;
}
