using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Http;

namespace RollCall.Server.Web;

/// <summary>
/// The organizer's web pages under <c>/admin</c>: code counts, minting, the attendee CSV. A browser
/// logs in by posting an admin token (the bootstrap token or a named one) once and then holds an
/// <see cref="AdminSessions"/> cookie (HttpOnly, SameSite=Strict, Secure over https) that lasts while
/// that token is in force; its POSTs also carry an antiforgery token. Scripts send
/// <c>Authorization: Bearer &lt;token&gt;</c> instead, which needs no antiforgery token. Logins and
/// bearer tokens pass the same <see cref="AdminGate"/> as gRPC admin calls (<see cref="AdminPageAccess"/>).
/// </summary>
internal static class AdminPage
{
    public static IEndpointRouteBuilder MapAdminPage(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").DisableAntiforgery();
        admin.MapGet("/", DashboardAsync);
        admin.MapPost("/login", LoginAsync);
        admin.MapPost("/logout", LogoutAsync);
        admin.MapPost("/codes", MintAsync);
        admin.MapGet("/attendees.csv", ExportAsync);
        return endpoints;
    }

    private static async Task<IResult> DashboardAsync(HttpContext context, AdminGate gate, AdminSessions sessions, IAntiforgery antiforgery, CodeDesk codes, AttendeeRecords attendees)
    {
        NoStore(context);
        var access = await AdminPageAccess.CheckAsync(context, gate, sessions);
        if (access.Refusal is { } refused)
        {
            return refused;
        }

        return access.IsAnonymous
            ? Html<AdminLoginView>(AdminLoginView.Parameters(antiforgery.GetAndStoreTokens(context), null))
            : Html<AdminDashboardView>(AdminDashboardView.Parameters(
                antiforgery.GetAndStoreTokens(context), await codes.StatsAsync(context.RequestAborted), attendees.Current.Count, null));
    }

    private static async Task<IResult> LoginAsync(HttpContext context, AdminGate gate, AdminSessions sessions, IAntiforgery antiforgery)
    {
        NoStore(context);
        var (form, problem) = await ReadFormAsync(context, antiforgery);
        if (problem is not null)
        {
            return problem;
        }

        // An empty form is a slip, not a guess: it is not counted against the address.
        var token = form!["token"].ToString().Trim();
        if (token.Length == 0)
        {
            return Html<AdminLoginView>(AdminLoginView.Parameters(antiforgery.GetAndStoreTokens(context), "Enter the admin token."), StatusCodes.Status401Unauthorized);
        }

        var result = await gate.AuthenticateAsync(context, AdminPageAccess.Method(context), token, context.RequestAborted);
        if (result.Outcome == AdminAuthOutcome.TooManyFailures)
        {
            AdminPageAccess.SetRetryAfter(context, result.RetryAfterSeconds);
            var message = AdminGate.TooManyFailuresMessage(result.RetryAfterSeconds);
            return Html<AdminLoginView>(AdminLoginView.Parameters(antiforgery.GetAndStoreTokens(context), message), StatusCodes.Status429TooManyRequests);
        }

        if (result.Outcome == AdminAuthOutcome.WrongToken)
        {
            return Html<AdminLoginView>(AdminLoginView.Parameters(antiforgery.GetAndStoreTokens(context), AdminGate.WrongTokenMessage), StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(AdminSessions.CookieName, sessions.Start(token), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/admin",
            MaxAge = AdminSessions.Lifetime,
            IsEssential = true,
        });
        return Results.Redirect("/admin", permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, AdminSessions sessions, IAntiforgery antiforgery)
    {
        NoStore(context);
        if ((await ReadFormAsync(context, antiforgery)).Problem is { } problem)
        {
            return problem;
        }

        sessions.End(context.Request.Cookies[AdminSessions.CookieName]);
        context.Response.Cookies.Delete(AdminSessions.CookieName, new CookieOptions { Path = "/admin" });
        return Results.Redirect("/admin", permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> MintAsync(
        HttpContext context,
        AdminGate gate,
        AdminSessions sessions,
        IAntiforgery antiforgery,
        CodeDesk codes,
        AttendeeRecords attendees,
        IOptions<WebOptions> options)
    {
        NoStore(context);
        var access = await AdminPageAccess.CheckAsync(context, gate, sessions);
        if (Refuse(access) is { } refused)
        {
            return refused;
        }

        // A script with the bearer token sends no cookie, so it cannot be a forged request.
        var (form, problem) = await ReadFormAsync(context, access.ByBearer ? null : antiforgery);
        if (problem is not null)
        {
            return problem;
        }

        var countText = form!["count"].ToString().Trim();
        var count = int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var outcome = await codes.IssueAsync(new CodeOrder(count, form["label"].ToString(), null), new AdminCaller(access.TokenName!, "web"), context.RequestAborted);
        if (outcome is IssueOutcome.Refused order)
        {
            var stats = await codes.StatsAsync(context.RequestAborted);
            return Html<AdminDashboardView>(
                AdminDashboardView.Parameters(antiforgery.GetAndStoreTokens(context), stats, attendees.Current.Count, Message(order.Problem)), StatusCodes.Status400BadRequest);
        }

        return Html<MintedCodesView>(MintedCodesView.Parameters(((IssueOutcome.Issued)outcome).Codes, PublicAddress.For(context.Request, options.Value)));
    }

    private static async Task ExportAsync(HttpContext context, AdminGate gate, AdminSessions sessions, AttendeeRecords attendees)
    {
        NoStore(context);
        if (Refuse(await AdminPageAccess.CheckAsync(context, gate, sessions)) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"attendees-{stamp}.csv\"";
        await AttendeeCsv.WriteAsync(context.Response.Body, attendees, context.RequestAborted);
    }

    private static IResult? Refuse(AdminPageAccess.Access access) =>
        access.IsAnonymous ? new ChallengeResult() : access.Refusal;

    private static async Task<(IFormCollection? Form, IResult? Problem)> ReadFormAsync(HttpContext context, IAntiforgery? antiforgery)
    {
        if (!context.Request.HasFormContentType)
        {
            return (null, Results.Text("Send the form as application/x-www-form-urlencoded.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        try
        {
            if (antiforgery is not null)
            {
                await antiforgery.ValidateRequestAsync(context);
            }

            return (await context.Request.ReadFormAsync(context.RequestAborted), null);
        }
        catch (AntiforgeryValidationException)
        {
            return (null, Results.Text("The form has expired or did not come from this page; reload the page and try again.", statusCode: StatusCodes.Status400BadRequest));
        }
        catch (InvalidDataException)
        {
            return (null, Results.Text("The form is malformed or too large.", statusCode: StatusCodes.Status400BadRequest));
        }
        catch (BadHttpRequestException exception)
        {
            return (null, Results.Text("The request could not be read: " + exception.Message, statusCode: exception.StatusCode));
        }
    }

    // The admin page's words for a refused order; the API says the same in its own terms.
    private static string Message(IssueProblem problem) => problem switch
    {
        IssueProblem.CountOutOfRange => $"How many must be a number between 1 and {CodeDesk.MaxCodesPerCall:N0}.",
        IssueProblem.LabelTooLong => $"The label must be at most {Domain.CodeLabel.MaxLength} characters.",
        _ => "The label must not contain control characters.",
    };

    private static RazorComponentResult<TPage> Html<TPage>(Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : IComponent =>
        new(parameters) { StatusCode = status };

    // The values antiforgery would set itself, so it leaves them alone.
    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers.Pragma = "no-cache";
    }

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c>, without an authentication scheme registered.</summary>
    private sealed class ChallengeResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            httpContext.Response.ContentType = "text/plain; charset=utf-8";
            return httpContext.Response.WriteAsync("Log in at /admin, or send 'Authorization: Bearer <admin token>'.");
        }
    }
}
