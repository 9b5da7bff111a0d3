using Grpc.Core;
using Microsoft.Extensions.Options;

namespace RollCall.Server.Security;

/// <summary>
/// Lets an admin call through only with <c>authorization: Bearer &lt;admin token&gt;</c>. Wrong tokens
/// are logged to the audit log (method, client, token name for a revoked token; never a value)
/// and limited per client address: past <see cref="RateLimitOptions.AdminFailuresPerAddress"/>
/// per window, every admin call from that address gets RESOURCE_EXHAUSTED, right token or not.
/// </summary>
public sealed class AdminGate : IDisposable
{
    /// <summary>The answer to a call without a token.</summary>
    public const string MissingTokenMessage = "This call needs the admin token: send the metadata 'authorization: Bearer <token>'.";

    /// <summary>The answer to a call with a wrong token.</summary>
    public const string WrongTokenMessage = "The admin token is not valid.";

    private readonly AdminTokens _tokens;
    private readonly AuditLog _audit;
    private readonly FailureLimiter _failures;

    /// <summary>Creates the gate.</summary>
    public AdminGate(AdminTokens tokens, AuditLog audit, IOptions<RateLimitOptions> options)
    {
        _tokens = tokens;
        _audit = audit;
        _failures = new FailureLimiter(options.Value.AdminFailuresPerAddress, options.Value.Window);
    }

    /// <summary>
    /// Throws UNAUTHENTICATED without a token, PERMISSION_DENIED with a wrong one and
    /// RESOURCE_EXHAUSTED when the address presented too many wrong ones; returns the token's name.
    /// </summary>
    public async Task<string> DemandAsync(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, MissingTokenMessage));
        }

        var client = ClientAddress.PartitionKey(http);
        var admission = await _failures.AdmitAsync(client, context.CancellationToken);
        if (!admission.Admitted)
        {
            _audit.AdminAuthRateLimited(context.Method, client);
            var wait = (int)Math.Ceiling(admission.RetryAfter.TotalSeconds);
            var message = $"Too many wrong admin tokens from your address. Please try again in {wait} seconds.";
            var seconds = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers.RetryAfter = seconds;
            throw new RpcException(new Status(StatusCode.ResourceExhausted, message), new Metadata { { "retry-after", seconds } });
        }

        var check = Check(header);
        _failures.Finish(admission, failed: check.Name is null);
        if (check.Name is null)
        {
            var reason = check.RevokedName is null ? "wrong admin token" : "revoked admin token";
            _audit.AdminAuthFailed(context.Method, client, reason, check.RevokedName ?? string.Empty);
            throw new RpcException(new Status(StatusCode.PermissionDenied, WrongTokenMessage));
        }

        http.Items[typeof(AdminGate)] = check.Name;
        return check.Name;
    }

    /// <summary>The name of the admin token the current call was authorized with.</summary>
    public static string CallerName(ServerCallContext context) =>
        context.GetHttpContext().Items[typeof(AdminGate)] as string ?? "anonymous";

    /// <summary>True when an <c>Authorization</c> header value carries an admin token in force.</summary>
    public bool IsAdmin(string? authorization) => Check(authorization).Name is not null;

    /// <inheritdoc />
    public void Dispose() => _failures.Dispose();

    private TokenCheck Check(string? authorization)
    {
        const string Scheme = "Bearer ";
        return authorization is not null && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? _tokens.Check(authorization[Scheme.Length..].Trim())
            : default;
    }
}
