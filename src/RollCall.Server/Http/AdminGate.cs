using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;

namespace RollCall.Server.Http;

/// <summary>
/// Lets an admin call through only with an admin token in force: gRPC and JSON calls send
/// <c>authorization: Bearer &lt;admin token&gt;</c>, the admin web page a login form or the same
/// header. Wrong tokens are logged to the audit log (method, client, token name for a revoked
/// token; never a value) and limited per client address: past
/// <see cref="RateLimitOptions.AdminFailuresPerAddress"/> per window, every admin call from that
/// address is refused (RESOURCE_EXHAUSTED, HTTP 429), right token or not.
/// </summary>
public sealed class AdminGate : IDisposable
{
    /// <summary>The answer to a call without a token.</summary>
    public const string MissingTokenMessage = "This call needs the admin token: send the metadata 'authorization: Bearer <token>'.";

    /// <summary>The answer to a call with a wrong token.</summary>
    public const string WrongTokenMessage = "The admin token is not valid.";

    private const string BearerScheme = "Bearer ";
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

    /// <summary>The refusal for an address that presented too many wrong admin tokens.</summary>
    public static string TooManyFailuresMessage(int retryAfterSeconds) =>
        $"Too many wrong admin tokens from your address. Please try again in {retryAfterSeconds} seconds.";

    /// <summary>The token in an <c>Authorization</c> header value; null when it is not a Bearer header.</summary>
    public static string? BearerToken(string? authorization) =>
        authorization is not null && authorization.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerScheme.Length..].Trim()
            : null;

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

        var result = await AuthenticateAsync(http, context.Method, BearerToken(header), context.CancellationToken);
        switch (result.Outcome)
        {
            case AdminAuthOutcome.TooManyFailures:
                var seconds = result.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers.RetryAfter = seconds;
                throw new RpcException(
                    new Status(StatusCode.ResourceExhausted, TooManyFailuresMessage(result.RetryAfterSeconds)), new Metadata { { "retry-after", seconds } });
            case AdminAuthOutcome.WrongToken:
                throw new RpcException(new Status(StatusCode.PermissionDenied, WrongTokenMessage));
            default:
                return result.Name!;
        }
    }

    /// <summary>
    /// Checks a presented admin token for the caller of <paramref name="http"/>, counting a wrong
    /// one against the caller's address and auditing it under <paramref name="method"/> (the rpc,
    /// or the page and its HTTP method). Refuses at once when the address has no failures left.
    /// </summary>
    public async Task<AdminAuthResult> AuthenticateAsync(HttpContext http, string method, string? token, CancellationToken cancellationToken)
    {
        var client = ClientAddress.PartitionKey(http);
        var admission = await _failures.AdmitAsync(client, cancellationToken);
        if (!admission.Admitted)
        {
            _audit.AdminAuthRateLimited(method, client);
            return new AdminAuthResult(AdminAuthOutcome.TooManyFailures, null, (int)Math.Ceiling(admission.RetryAfter.TotalSeconds));
        }

        var check = _tokens.Check(token);
        _failures.Finish(admission, failed: check.Name is null);
        if (check.Name is null)
        {
            var reason = check.RevokedName is null ? "wrong admin token" : "revoked admin token";
            _audit.AdminAuthFailed(method, client, reason, check.RevokedName ?? string.Empty);
            return new AdminAuthResult(AdminAuthOutcome.WrongToken, null, 0);
        }

        http.Items[typeof(AdminGate)] = check.Name;
        return new AdminAuthResult(AdminAuthOutcome.Admitted, check.Name, 0);
    }

    /// <summary>The name of the admin token the current call was authorized with.</summary>
    public static string CallerName(ServerCallContext context) =>
        context.GetHttpContext().Items[typeof(AdminGate)] as string ?? "anonymous";

    /// <inheritdoc />
    public void Dispose() => _failures.Dispose();
}

/// <summary>What the <see cref="AdminGate"/> made of a presented admin token.</summary>
public enum AdminAuthOutcome
{
    /// <summary>A token in force: the call may go ahead.</summary>
    Admitted,

    /// <summary>A wrong, malformed or revoked token; counted against the address and audited.</summary>
    WrongToken,

    /// <summary>The address presented too many wrong tokens lately; refused without looking at this one.</summary>
    TooManyFailures,
}

/// <summary>The result of <see cref="AdminGate.AuthenticateAsync"/>.</summary>
/// <param name="Outcome">Whether the token was admitted, and if not why.</param>
/// <param name="Name">The token's name when admitted (<c>bootstrap</c> or a named token).</param>
/// <param name="RetryAfterSeconds">When refused for too many failures: whole seconds to wait.</param>
public readonly record struct AdminAuthResult(AdminAuthOutcome Outcome, string? Name, int RetryAfterSeconds);
