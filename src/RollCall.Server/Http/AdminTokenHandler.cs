using System.Security.Claims;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication;
using RollCall.Server.Application;

namespace RollCall.Server.Http;

/// <summary>
/// The one place an admin token is checked. It turns <c>Authorization: Bearer &lt;token&gt;</c> (or
/// the token an organizer posted to the login form) into a principal named after the token
/// (<c>bootstrap</c>, <c>door-laptop</c>), or into a failure. The token is checked first (hashed and
/// compared in constant time), so the right token is always accepted; a wrong, malformed or
/// revoked one is counted against the caller's address and audited (method, client, the name of a
/// revoked token, never a value), and past the budget refused. No header is no result, so public
/// calls pass untouched. Challenge and forbid write the refusal as the request's door expects it
/// (<see cref="AdminRefusal.WriteAsync"/>).
/// </summary>
/// <remarks>
/// A plain <see cref="IAuthenticationHandler"/>: the <see cref="AuthenticationHandler{TOptions}"/>
/// base class would, for every admin call, create a logger, look up the scheme's options and
/// events and log each challenge, and this scheme has no options (its limits are <see cref="RateLimitOptions"/>), no
/// events, no forwarding, and the audit log as its record of refusals. Like the base class, it authenticates once per request.
/// </remarks>
public sealed class AdminTokenHandler(
    AdminTokens tokens,
    AdminAuthThrottle throttle,
    AdminRefusalAudit refusals,
    AuditLog audit) : IAuthenticationHandler
{
    private const string BearerPrefix = "Bearer ";

    private AuthenticationScheme _scheme = null!;
    private HttpContext _context = null!;
    private Task<AuthenticateResult>? _result;

    /// <inheritdoc />
    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<AuthenticateResult> AuthenticateAsync() => _result ??= Task.FromResult(Authenticate());

    /// <inheritdoc />
    public async Task ChallengeAsync(AuthenticationProperties? properties)
    {
        var result = await AuthenticateAsync();
        await (AdminAuthentication.Refusal(result) ?? AdminRefusal.MissingToken).WriteAsync(_context);
    }

    /// <inheritdoc />
    public Task ForbidAsync(AuthenticationProperties? properties) => AdminRefusal.NotAllowed.WriteAsync(_context);

    // Synchronous: the tokens are in memory, and the check must not wait on anything a caller controls.
    private AuthenticateResult Authenticate()
    {
        var posted = _context.Features.Get<PostedAdminToken>();
        string? token;
        if (posted is not null)
        {
            token = posted.Token;
        }
        else
        {
            var header = _context.Request.Headers.Authorization.ToString();
            if (string.IsNullOrWhiteSpace(header))
            {
                return AuthenticateResult.NoResult();
            }

            // Anything else than a bearer token counts as a wrong token, not as no token.
            token = header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;
        }

        var check = tokens.Check(token);
        if (check is not { Name: { } name, Hash: { } hash })
        {
            return Wrong(check);
        }

        // A session opened from the login form ends when its token does, so that principal carries
        // the token's hash; a bearer call, checked again on every request, needs only the name.
        var caller = new Claim(ClaimTypes.Name, name, ClaimValueTypes.String, _scheme.Name);
        Claim[] claims = posted is null
            ? [caller]
            : [caller, new(AdminAuthentication.TokenHashClaim, Convert.ToHexString(hash), ClaimValueTypes.String, _scheme.Name)];
        var identity = new ClaimsIdentity(claims, _scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), _scheme.Name));
    }

    // Only a wrong token spends budget, and only a wrong one is refused for want of it.
    private AuthenticateResult Wrong(TokenCheck check)
    {
        var method = AuditedMethod(_context);
        var client = ClientAddress.PartitionKey(_context);
        var admission = throttle.SpendWrongToken(client);
        if (!admission.Admitted)
        {
            // Logged once per address (or once for the server-wide budget) per window, then counted.
            refusals.Refused(method, client, admission.ServerWide);
            return Refused(
                AdminRefusal.TooManyFailures(admission.RetryAfter, admission.ServerWide),
                admission.ServerWide ? "too many wrong admin tokens from all addresses" : "too many wrong admin tokens from this address");
        }

        var reason = check.RevokedName is null ? "wrong admin token" : "revoked admin token";
        audit.AdminAuthFailed(method, client, reason, check.RevokedName ?? string.Empty);
        return Refused(AdminRefusal.WrongToken, reason);
    }

    // What the audit log calls a request: the rpc (/rollcall.v1.Admin/GetCodeStats, also over JSON), else e.g. POST /admin/login.
    private static string AuditedMethod(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName
            ?? context.Request.Method + " " + context.Request.Path.Value;

    // The refusal rides along in the result, for the challenge and for callers that write their own answer.
    private static AuthenticateResult Refused(AdminRefusal refusal, string reason)
    {
        var properties = new AuthenticationProperties();
        properties.SetParameter(AdminAuthentication.RefusalParameter, refusal);
        return AuthenticateResult.Fail(reason, properties);
    }
}

/// <summary>A token posted to the admin login form, for <see cref="AdminTokenHandler"/> to check instead of a header.</summary>
/// <param name="Token">The token as typed.</param>
public sealed record PostedAdminToken(string Token);
