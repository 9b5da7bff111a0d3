using Grpc.Core;
using Microsoft.Extensions.Options;
using RollCall.Legacy;
using RollCall.Server.Domain;
using RollCall.Server.Hosting;
using RollCall.Server.Live;
using RollCall.Server.Security;
using RollCall.Server.Storage;
using RollCall.Server.Telemetry;

namespace RollCall.Server.Grpc;

/// <summary>
/// The 2016 <c>services.RegisterService</c>, unchanged on the wire, minus its flaws: GetStatus lists
/// only registered attendees (never an unused code), and GetCode needs the admin token unless the
/// server runs with --allow-anonymous-codes.
/// </summary>
public sealed class LegacyRegisterService(
    StatusBroadcaster broadcaster,
    IRegistrationStore store,
    AdminGate adminGate,
    RollCallMetrics metrics,
    IOptions<RollCallOptions> options) : RegisterService.RegisterServiceBase
{
    /// <inheritdoc />
    public override Task<StatusResponse> GetStatus(StatusRequest request, ServerCallContext context) =>
        Task.FromResult(StatusResponses.Legacy(broadcaster.Current, options.Value.PublicNames));

    /// <inheritdoc />
    public override async Task<CodeResponse> GetCode(CodeRequest request, ServerCallContext context)
    {
        if (!options.Value.AllowAnonymousCodes)
        {
            adminGate.Demand(context);
        }

        var codes = await store.IssueCodesAsync(new CodeIssue(1, null, null), context.CancellationToken);
        metrics.CodesIssued(1, "2016");
        return new CodeResponse { Code = RegistrationCode.Format(codes[0].Code) };
    }
}
