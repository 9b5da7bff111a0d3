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
/// server runs with --allow-anonymous-codes. The status is served pre-encoded (<see cref="LegacyStatusEncoder"/>).
/// </summary>
public sealed class LegacyRegisterService(
    StatusBroadcaster broadcaster,
    LegacyStatusEncoder statusEncoder,
    IRegistrationStore store,
    AdminGate adminGate,
    RollCallMetrics metrics,
    IOptions<RollCallOptions> options) : LegacyRegisterServiceBase
{
    /// <inheritdoc />
    public override Task<LegacyStatusPayload> GetStatus(StatusRequest request, ServerCallContext context) =>
        statusEncoder.Encode(broadcaster.Current);

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
