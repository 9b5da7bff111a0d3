using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Http;
using RollCall.V1;

namespace RollCall.Server.Grpc;

/// <summary>The organizer's v1 API: every method needs an admin token (<see cref="AdminPolicies.Admin"/>).</summary>
[Authorize(Policy = AdminPolicies.Admin)]
public sealed class AdminService(CodeDesk codes, AttendeeRecords attendees, AdminTokens tokens, TimeProvider time) : Admin.AdminBase
{
    /// <inheritdoc />
    public override async Task<IssueCodesResponse> IssueCodes(IssueCodesRequest request, ServerCallContext context)
    {
        TimeSpan? ttl = null;
        if (request.Ttl is { } duration)
        {
            // Check the raw fields first: ToTimeSpan throws on a duration outside protobuf's range.
            var valid = duration.Seconds >= 0 && duration.Seconds <= (long)CodeDesk.MaxTimeToLive.TotalSeconds && duration.Nanos is >= 0 and <= 999_999_999;
            ttl = valid ? duration.ToTimeSpan() : TimeSpan.Zero;
        }

        var e = GrpcOutcomes.Event(attendees, request.Event);
        var outcome = await codes.IssueAsync(e, new CodeOrder(request.Count, request.Label, ttl), Caller(context), context.CancellationToken);
        if (outcome is IssueOutcome.Refused refused)
        {
            throw GrpcOutcomes.For(refused.Problem, e);
        }

        var now = time.GetUtcNow();
        var response = new IssueCodesResponse();
        response.Codes.AddRange(((IssueOutcome.Issued)outcome).Codes.Select(c => c.ToProto(now, e.Slug)));
        return response;
    }

    /// <inheritdoc />
    public override async Task<RevokeCodeResponse> RevokeCode(RevokeCodeRequest request, ServerCallContext context)
    {
        var outcome = await codes.RevokeAsync(request.Code, Caller(context), context.CancellationToken);
        if (outcome is RevokeOutcome.NotFound notFound)
        {
            GrpcOutcomes.Throw(StatusCode.NotFound, Messages.NotValid(notFound.Code));
        }

        var result = ((RevokeOutcome.Revoked)outcome).Result;
        return new RevokeCodeResponse
        {
            Code = result.Code.ToProto(time.GetUtcNow(), attendees.Find(result.Code.EventId)?.Slug ?? string.Empty),
            RegistrationCancelled = result.CancelledAttendant is not null,
        };
    }

    /// <inheritdoc />
    public override async Task<ListCodesResponse> ListCodes(ListCodesRequest request, ServerCallContext context)
    {
        var pageSize = GrpcOutcomes.PageSize(request.PageSize);
        var after = GrpcOutcomes.PageToken(request.PageToken);
        var e = GrpcOutcomes.Event(attendees, request.Event);
        var listing = await codes.ListAsync(e, after, pageSize + 1, ProtoMapping.FromProto(request.State), request.Label, context.CancellationToken);
        if (listing is CodeListing.Refused refused)
        {
            throw GrpcOutcomes.For(refused.Problem);
        }

        var page = ((CodeListing.Listed)listing).Codes;
        var now = time.GetUtcNow();
        var response = new ListCodesResponse();
        response.Codes.AddRange(page.Take(pageSize).Select(c => c.ToProto(now, e.Slug)));
        if (page.Count > pageSize)
        {
            response.NextPageToken = ProtoMapping.EncodePageToken(page[pageSize - 1].Sequence);
        }

        return response;
    }

    /// <inheritdoc />
    public override async Task<GetCodeStatsResponse> GetCodeStats(GetCodeStatsRequest request, ServerCallContext context)
    {
        var stats = await codes.StatsAsync(GrpcOutcomes.Event(attendees, request.Event), context.CancellationToken);
        return new GetCodeStatsResponse
        {
            Issued = stats.Issued,
            Redeemed = stats.Redeemed,
            Outstanding = stats.Outstanding,
            Revoked = stats.Revoked,
            Expired = stats.Expired,
        };
    }

    /// <inheritdoc />
    public override async Task ExportAttendants(ExportAttendantsRequest request, IServerStreamWriter<ExportAttendantsResponse> responseStream, ServerCallContext context)
    {
        await foreach (var rows in attendees.ExportAsync(GrpcOutcomes.Event(attendees, request.Event), context.CancellationToken))
        {
            var batch = new ExportAttendantsResponse();
            batch.Attendants.AddRange(rows.Select(r => new V1.ExportedAttendant
            {
                Attendant = r.Attendant.ToProto(),
                Code = RegistrationCode.Format(r.Code),
                Label = r.Label ?? string.Empty,
            }));
            await responseStream.WriteAsync(batch, context.CancellationToken);
        }
    }

    /// <inheritdoc />
    public override async Task<CreateAdminTokenResponse> CreateAdminToken(CreateAdminTokenRequest request, ServerCallContext context)
    {
        var name = request.Name.Trim();
        var change = await tokens.CreateAsync(name, CallerName(context), context.CancellationToken);
        ThrowIfFailed(change, name);
        return new CreateAdminTokenResponse { AdminToken = await DescribeAsync(name, context), Token = change.Token };
    }

    /// <inheritdoc />
    public override async Task<ListAdminTokensResponse> ListAdminTokens(ListAdminTokensRequest request, ServerCallContext context)
    {
        var response = new ListAdminTokensResponse();
        response.AdminTokens.AddRange((await tokens.ListAsync(context.CancellationToken)).Select(ToProto));
        return response;
    }

    /// <inheritdoc />
    public override async Task<RotateAdminTokenResponse> RotateAdminToken(RotateAdminTokenRequest request, ServerCallContext context)
    {
        var caller = CallerName(context);
        var name = request.Name.Trim() is { Length: > 0 } named ? named : caller;
        var change = await tokens.RotateAsync(name, caller, context.CancellationToken);
        ThrowIfFailed(change, name);
        return new RotateAdminTokenResponse { Name = name, Token = change.Token };
    }

    /// <inheritdoc />
    public override async Task<RevokeAdminTokenResponse> RevokeAdminToken(RevokeAdminTokenRequest request, ServerCallContext context)
    {
        var name = request.Name.Trim();
        if (name == AdminTokens.BootstrapName)
        {
            GrpcOutcomes.Throw(StatusCode.FailedPrecondition, "The bootstrap token cannot be revoked; rotate it instead.");
        }

        ThrowIfFailed(await tokens.RevokeAsync(name, CallerName(context), context.CancellationToken), name);
        return new RevokeAdminTokenResponse { AdminToken = await DescribeAsync(name, context, revoked: true) };
    }

    private static AdminCaller Caller(ServerCallContext context) => new(CallerName(context), "v1");

    private static string CallerName(ServerCallContext context) => AdminAuthentication.CallerName(context.GetHttpContext());

    private async Task<AdminToken> DescribeAsync(string name, ServerCallContext context, bool revoked = false)
    {
        var all = await tokens.ListAsync(context.CancellationToken);
        return ToProto(all.Last(t => t.Name == name && (t.RevokedAt is not null) == revoked));
    }

    private static AdminToken ToProto(StoredAdminToken token) => new()
    {
        Name = token.Name,
        CreatedAt = Timestamp.FromDateTimeOffset(token.CreatedAt),
        RotatedAt = token.RotatedAt is { } rotated ? Timestamp.FromDateTimeOffset(rotated) : null,
        RevokedAt = token.RevokedAt is { } revoked ? Timestamp.FromDateTimeOffset(revoked) : null,
        Bootstrap = token.Name == AdminTokens.BootstrapName && token.Hash.Length == 0,
    };

    private static void ThrowIfFailed(TokenChange change, string name)
    {
        var shown = name.Length <= 64 ? name : name[..64] + "…";
        switch (change.Result)
        {
            case TokenChangeResult.BadName:
                GrpcOutcomes.Throw(StatusCode.InvalidArgument, "A token name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit, and not 'bootstrap'.");
                break;
            case TokenChangeResult.NameTaken:
                GrpcOutcomes.Throw(StatusCode.AlreadyExists, $"An admin token named '{shown}' already exists.");
                break;
            case TokenChangeResult.NotFound:
                GrpcOutcomes.Throw(StatusCode.NotFound, $"There is no admin token named '{shown}' in force.");
                break;
            case TokenChangeResult.TooMany:
                GrpcOutcomes.Throw(StatusCode.ResourceExhausted, $"There are already {AdminTokens.MaxNamedTokens} admin tokens; revoke one first.");
                break;
            case TokenChangeResult.NotAllowed:
                GrpcOutcomes.Throw(StatusCode.PermissionDenied, "Only the bootstrap token can rotate the bootstrap token.");
                break;
        }
    }
}
