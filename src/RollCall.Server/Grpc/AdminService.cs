using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using RollCall.Server.Domain;
using RollCall.Server.Security;
using RollCall.Server.Storage;
using RollCall.Server.Telemetry;
using RollCall.V1;

namespace RollCall.Server.Grpc;

/// <summary>The organizer's v1 API. The <see cref="AdminTokenInterceptor"/> guards every method.</summary>
public sealed class AdminService(IRegistrationStore store, AdminTokens tokens, AuditLog audit, TimeProvider time, RollCallMetrics metrics) : Admin.AdminBase
{
    /// <summary>The most codes one IssueCodes call mints.</summary>
    public const int MaxCodesPerCall = 10_000;

    /// <summary>The longest label accepted.</summary>
    public const int MaxLabelLength = 64;

    private const int ExportBatch = 500;
    private static readonly TimeSpan _maxTtl = TimeSpan.FromDays(3660);

    /// <inheritdoc />
    public override async Task<IssueCodesResponse> IssueCodes(IssueCodesRequest request, ServerCallContext context)
    {
        if (request.Count is < 1 or > MaxCodesPerCall)
        {
            GrpcErrors.Throw(StatusCode.InvalidArgument, $"count must be between 1 and {MaxCodesPerCall:N0}.");
        }

        var label = ReadLabel(request.Label);
        DateTimeOffset? expiresAt = null;
        if (request.Ttl is { } ttl)
        {
            // Check the raw fields first: ToTimeSpan throws on a duration outside protobuf's range.
            var valid = ttl.Seconds >= 0 && ttl.Seconds <= (long)_maxTtl.TotalSeconds && ttl.Nanos is >= 0 and <= 999_999_999;
            var span = valid ? ttl.ToTimeSpan() : TimeSpan.Zero;
            if (span <= TimeSpan.Zero || span > _maxTtl)
            {
                GrpcErrors.Throw(StatusCode.InvalidArgument, "ttl must be positive and at most ten years.");
            }

            expiresAt = time.GetUtcNow() + span;
        }

        var codes = await store.IssueCodesAsync(new CodeIssue(request.Count, label, expiresAt), context.CancellationToken);
        audit.CodesIssued(codes.Count, label, AdminGate.CallerName(context), expiresAt);
        metrics.CodesIssued(codes.Count, "v1");
        var now = time.GetUtcNow();
        var response = new IssueCodesResponse();
        response.Codes.AddRange(codes.Select(c => c.ToProto(now)));
        return response;
    }

    /// <inheritdoc />
    public override async Task<RevokeCodeResponse> RevokeCode(RevokeCodeRequest request, ServerCallContext context)
    {
        var text = request.Code.Trim();
        if (!RegistrationCode.TryParse(text, out var code))
        {
            GrpcErrors.Throw(StatusCode.NotFound, Messages.NotValid(Shorten(text)));
        }

        var result = await store.RevokeCodeAsync(code, context.CancellationToken);
        if (result is null)
        {
            GrpcErrors.Throw(StatusCode.NotFound, Messages.NotValid(text));
        }

        if (!result.AlreadyRevoked)
        {
            audit.CodeRevoked(code, result.CancelledAttendant?.Number, AdminGate.CallerName(context));
        }

        return new RevokeCodeResponse
        {
            Code = result.Code.ToProto(time.GetUtcNow()),
            RegistrationCancelled = result.CancelledAttendant is not null,
        };
    }

    /// <inheritdoc />
    public override async Task<ListCodesResponse> ListCodes(ListCodesRequest request, ServerCallContext context)
    {
        var pageSize = GrpcErrors.PageSize(request.PageSize);
        var after = GrpcErrors.PageToken(request.PageToken);
        var label = request.Label.Length == 0 ? null : ReadLabel(request.Label);
        var now = time.GetUtcNow();
        var page = await store.ListCodesAsync(
            new CodeQuery(new CodePosition(after), pageSize + 1, ProtoMapping.FromProto(request.State), label, now),
            context.CancellationToken);
        var response = new ListCodesResponse();
        response.Codes.AddRange(page.Take(pageSize).Select(c => c.ToProto(now)));
        if (page.Count > pageSize)
        {
            response.NextPageToken = ProtoMapping.EncodePageToken(page[pageSize - 1].Sequence);
        }

        return response;
    }

    /// <inheritdoc />
    public override async Task<GetCodeStatsResponse> GetCodeStats(GetCodeStatsRequest request, ServerCallContext context)
    {
        var stats = await store.GetCodeStatsAsync(context.CancellationToken);
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
        long after = 0;
        while (true)
        {
            var rows = await store.ExportAttendantsAsync(after, ExportBatch, context.CancellationToken);
            if (rows.Count == 0)
            {
                return;
            }

            var batch = new ExportAttendantsResponse();
            batch.Attendants.AddRange(rows.Select(r => new V1.ExportedAttendant
            {
                Attendant = r.Attendant.ToProto(),
                Code = RegistrationCode.Format(r.Code),
                Label = r.Label ?? string.Empty,
            }));
            await responseStream.WriteAsync(batch, context.CancellationToken);
            after = rows[^1].Attendant.Number;
        }
    }

    /// <inheritdoc />
    public override async Task<CreateAdminTokenResponse> CreateAdminToken(CreateAdminTokenRequest request, ServerCallContext context)
    {
        var name = request.Name.Trim();
        var change = await tokens.CreateAsync(name, AdminGate.CallerName(context), context.CancellationToken);
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
        var caller = AdminGate.CallerName(context);
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
            GrpcErrors.Throw(StatusCode.FailedPrecondition, "The bootstrap token cannot be revoked; rotate it instead.");
        }

        ThrowIfFailed(await tokens.RevokeAsync(name, AdminGate.CallerName(context), context.CancellationToken), name);
        return new RevokeAdminTokenResponse { AdminToken = await DescribeAsync(name, context, revoked: true) };
    }

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
                GrpcErrors.Throw(StatusCode.InvalidArgument, "A token name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit, and not 'bootstrap'.");
                break;
            case TokenChangeResult.NameTaken:
                GrpcErrors.Throw(StatusCode.AlreadyExists, $"An admin token named '{shown}' already exists.");
                break;
            case TokenChangeResult.NotFound:
                GrpcErrors.Throw(StatusCode.NotFound, $"There is no admin token named '{shown}' in force.");
                break;
            case TokenChangeResult.TooMany:
                GrpcErrors.Throw(StatusCode.ResourceExhausted, $"There are already {AdminTokens.MaxNamedTokens} admin tokens; revoke one first.");
                break;
        }
    }

    private static string? ReadLabel(string label)
    {
        var trimmed = label.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (trimmed.Length > MaxLabelLength)
        {
            GrpcErrors.Throw(StatusCode.InvalidArgument, $"label must be at most {MaxLabelLength} characters.");
        }

        if (trimmed.Any(char.IsControl))
        {
            GrpcErrors.Throw(StatusCode.InvalidArgument, "label must not contain control characters.");
        }

        return trimmed.Normalize(NormalizationForm.FormC);
    }

    private static string Shorten(string text) => text.Length <= RegistrationCode.MaxInputLength ? text : text[..RegistrationCode.MaxInputLength] + "…";
}
