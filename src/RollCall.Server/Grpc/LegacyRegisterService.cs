using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RollCall.Legacy;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.FastPath;
using RollCall.Server.Http;

namespace RollCall.Server.Grpc;

/// <summary>
/// The 2016 <c>services.RegisterService</c>, unchanged on the wire, minus its flaws: GetStatus lists
/// only registered attendees (never an unused code), and GetCode needs the admin token unless the
/// server runs with --allow-anonymous-codes. The status is served pre-encoded (<see cref="LegacyStatusEncoder"/>).
/// </summary>
public sealed class LegacyRegisterService(
    AttendeeRecords attendees,
    LegacyStatusEncoder statusEncoder,
    CodeDesk codes) : LegacyRegisterServiceBase
{
    private static readonly CodeOrder _oneCode = new(1, null, null);

    /// <inheritdoc />
    public override Task<LegacyStatusPayload> GetStatus(StatusRequest request, ServerCallContext context)
    {
        // Public names (the usual case) decide at once: answer with the cached task, no state machine.
        var showNames = StatusResponses.ShowNamesAsync(attendees, context);
        return showNames.IsCompletedSuccessfully
            ? statusEncoder.Encode(attendees.Current, showNames.Result)
            : EncodeAsync(showNames);
    }

    private async Task<LegacyStatusPayload> EncodeAsync(Task<bool> showNames) =>
        await statusEncoder.Encode(attendees.Current, await showNames);

    /// <inheritdoc />
    [Authorize(Policy = AdminPolicies.MintCodes)]
    public override async Task<CodeResponse> GetCode(CodeRequest request, ServerCallContext context)
    {
        var caller = new AdminCaller(AdminAuthentication.CallerName(context.GetHttpContext()), "2016");
        var e = attendees.CurrentEvent;
        var outcome = await codes.IssueAsync(e, _oneCode, caller, context.CancellationToken);
        if (outcome is IssueOutcome.Refused refused)
        {
            throw GrpcOutcomes.For(refused.Problem, e);
        }

        return new CodeResponse { Code = RegistrationCode.Format(((IssueOutcome.Issued)outcome).Codes[0].Code) };
    }
}
