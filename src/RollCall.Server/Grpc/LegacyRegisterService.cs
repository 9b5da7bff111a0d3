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
    AuditLog audit,
    RollCallMetrics metrics,
    IOptions<RollCallOptions> options) : LegacyRegisterServiceBase
{
    /// <inheritdoc />
    public override Task<LegacyStatusPayload> GetStatus(StatusRequest request, ServerCallContext context)
    {
        // Public names (the usual case) decide at once: answer with the cached task, no state machine.
        var showNames = StatusResponses.ShowNamesAsync(options.Value, adminGate, context);
        return showNames.IsCompletedSuccessfully
            ? statusEncoder.Encode(broadcaster.Current, showNames.Result)
            : EncodeAsync(showNames);
    }

    private async Task<LegacyStatusPayload> EncodeAsync(Task<bool> showNames) =>
        await statusEncoder.Encode(broadcaster.Current, await showNames);

    /// <inheritdoc />
    public override async Task<CodeResponse> GetCode(CodeRequest request, ServerCallContext context)
    {
        var caller = "anonymous";
        if (!options.Value.AllowAnonymousCodes)
        {
            caller = await adminGate.DemandAsync(context);
        }

        var codes = await store.IssueCodesAsync(new CodeIssue(1, null, null), context.CancellationToken);
        audit.CodesIssued(1, null, caller, null);
        metrics.CodesIssued(1, "2016");
        return new CodeResponse { Code = RegistrationCode.Format(codes[0].Code) };
    }
}
