using System.Globalization;
using RollCall.Server.Http;

namespace RollCall.Server.Web;

/// <summary>
/// Who is asking for an admin page: a script with <c>Authorization: Bearer &lt;token&gt;</c>, a browser
/// with a session, or nobody yet. Bearer tokens (and login forms) go through the same
/// <see cref="AdminGate"/> as gRPC admin calls, so a wrong one counts against the address's admin
/// failure budget and lands in the audit log by token name; past the budget the answer is 429.
/// </summary>
internal static class AdminPageAccess
{
    /// <summary>What <see cref="CheckAsync"/> found.</summary>
    /// <param name="TokenName">The admin token's name for a session or a bearer; null for nobody.</param>
    /// <param name="ByBearer">True when the token came in the Authorization header.</param>
    /// <param name="Refusal">The answer to send instead of the page: a wrong token or too many.</param>
    public readonly record struct Access(string? TokenName, bool ByBearer, IResult? Refusal)
    {
        /// <summary>Neither a token nor a session: the login page, or a challenge.</summary>
        public bool IsAnonymous => TokenName is null && Refusal is null;
    }

    public static async Task<Access> CheckAsync(HttpContext context, AdminGate gate, AdminSessions sessions)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return new Access(sessions.TokenName(context.Request.Cookies[AdminSessions.CookieName]), false, null);
        }

        var result = await gate.AuthenticateAsync(context, Method(context), AdminGate.BearerToken(authorization), context.RequestAborted);
        return result.Outcome switch
        {
            AdminAuthOutcome.Admitted => new Access(result.Name, true, null),
            AdminAuthOutcome.WrongToken => new Access(null, true, Results.Text(AdminGate.WrongTokenMessage, statusCode: StatusCodes.Status403Forbidden)),
            _ => new Access(null, true, TooManyFailures(context, result.RetryAfterSeconds)),
        };
    }

    /// <summary>429 with <c>Retry-After</c> and the gate's message, as plain text for scripts.</summary>
    public static IResult TooManyFailures(HttpContext context, int retryAfterSeconds)
    {
        SetRetryAfter(context, retryAfterSeconds);
        return Results.Text(AdminGate.TooManyFailuresMessage(retryAfterSeconds), statusCode: StatusCodes.Status429TooManyRequests);
    }

    public static void SetRetryAfter(HttpContext context, int seconds) =>
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the audit log calls the request: <c>GET /admin/attendees.csv</c>.</summary>
    public static string Method(HttpContext context) => context.Request.Method + " " + context.Request.Path.Value;
}
