using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Http;

namespace RollCall.Server.Web;

/// <summary>
/// The organizer's web pages under <c>/admin</c>: code counts, minting, the attendee CSV. A browser
/// logs in by posting an admin token (the bootstrap token or a named one) once and then holds a
/// session cookie that lasts while that token is in force (<see cref="AdminAuthentication.SessionScheme"/>);
/// its POSTs also carry an antiforgery token. Scripts send <c>Authorization: Bearer &lt;token&gt;</c>
/// instead, which needs no antiforgery token. Logins and bearer tokens are checked by the same
/// authentication handler as gRPC admin calls; the pages that need an admin say so with
/// <see cref="AdminPolicies.AdminPage"/>.
/// </summary>
internal static class AdminPage
{
    public static IEndpointRouteBuilder MapAdminPage(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup(AdminAuthentication.PagePath).DisableAntiforgery();
        admin.MapGet("/", DashboardAsync);
        admin.MapPost("/login", LoginAsync);
        admin.MapPost("/logout", LogoutAsync);
        admin.MapPost("/codes", MintAsync).RequireAuthorization(AdminPolicies.AdminPage);
        admin.MapGet("/attendees.csv", ExportAsync).RequireAuthorization(AdminPolicies.AdminPage);
        admin.MapPost("/events", CreateEventAsync).RequireAuthorization(AdminPolicies.AdminPage);
        admin.MapPost("/events/{slug}/{change:regex(^(current|close|reopen|archive|settings)$)}", ChangeEventAsync).RequireAuthorization(AdminPolicies.AdminPage);
        return endpoints;
    }

    // Open to everyone: the dashboard for an admin, the login page for anyone else.
    private static async Task<IResult> DashboardAsync(HttpContext context, IAntiforgery antiforgery, CodeDesk codes, AttendeeRecords attendees, EventDesk events)
    {
        NoStore(context);
        var access = await context.AuthenticateAsync(AdminAuthentication.PageScheme);
        if (AdminAuthentication.Refusal(access) is not null)
        {
            return Results.Challenge(authenticationSchemes: [AdminAuthentication.PageScheme]);
        }

        if (!access.Succeeded)
        {
            return Html<AdminLoginView>(AdminLoginView.Parameters(antiforgery.GetAndStoreTokens(context), null));
        }

        // The forms' antiforgery tokens are bound to the admin they are issued to.
        context.User = access.Principal;
        var e = Selected(context, attendees);
        return await RenderDashboardAsync(context, antiforgery, codes, attendees, events, e, null);
    }

    // The dashboard for event e: its counts, minting and CSV, and every event.
    private static async Task<IResult> RenderDashboardAsync(
        HttpContext context, IAntiforgery antiforgery, CodeDesk codes, AttendeeRecords attendees, EventDesk events, Domain.EventRecord e, string? error, int status = StatusCodes.Status200OK) =>
        Html<AdminDashboardView>(
            AdminDashboardView.Parameters(
                antiforgery.GetAndStoreTokens(context),
                await codes.StatsAsync(e, context.RequestAborted),
                attendees.Status(e).Count,
                error,
                e,
                await events.ListAsync(showArchived: true, 0, 1000, context.RequestAborted),
                events.Languages),
            status);

    // ?event=SLUG (or the form's event field) picks the event; otherwise the current one.
    private static Domain.EventRecord Selected(HttpContext context, AttendeeRecords attendees, IFormCollection? form = null)
    {
        var slug = form?["event"].ToString() is { Length: > 0 } posted ? posted : context.Request.Query["event"].ToString();
        return (slug.Length > 0 && Domain.EventRules.IsValidSlug(slug) ? attendees.Resolve(slug) : null) ?? attendees.CurrentEvent;
    }

    private static async Task<IResult> CreateEventAsync(
        HttpContext context, IAntiforgery antiforgery, CodeDesk codes, AttendeeRecords attendees, EventDesk events, IStringLocalizer<WebTexts> texts)
    {
        NoStore(context);
        var (form, problem) = await ReadFormAsync(context, AdminAuthentication.ByToken(context) ? null : antiforgery, texts);
        if (problem is not null)
        {
            return problem;
        }

        var forget = ForgetAfterDays(form!);
        var slug = form!["slug"].ToString().Trim();
        var language = form["language"].ToString();
        var fields = new EventFields(form["title"].ToString(), Language: language.Length == 0 ? null : language, ForgetAfterDays: forget, PublicNames: PublicNames(form));
        var outcome = await events.CreateAsync(slug, fields, keepNames: forget is null, Caller(context), context.RequestAborted);
        return await AfterEventChangeAsync(context, antiforgery, codes, attendees, events, texts, outcome);
    }

    private static async Task<IResult> ChangeEventAsync(
        HttpContext context, string slug, string change, IAntiforgery antiforgery, CodeDesk codes, AttendeeRecords attendees, EventDesk events, IStringLocalizer<WebTexts> texts)
    {
        NoStore(context);
        var (form, problem) = await ReadFormAsync(context, AdminAuthentication.ByToken(context) ? null : antiforgery, texts);
        if (problem is not null)
        {
            return problem;
        }

        var caller = Caller(context);
        var outcome = change switch
        {
            "current" => await events.SetCurrentAsync(slug, caller, context.RequestAborted),
            "close" => await events.CloseAsync(slug, caller, context.RequestAborted),
            "archive" => await events.ArchiveAsync(slug, caller, context.RequestAborted),
            "settings" => await events.UpdateAsync(
                slug,
                new EventFields(ForgetAfterDays: ForgetAfterDays(form!), PublicNames: PublicNames(form!)),
                EventFieldMask.ForgetAfterDays | EventFieldMask.PublicNames,
                caller,
                context.RequestAborted),
            _ => await events.ReopenAsync(slug, caller, context.RequestAborted),
        };
        return await AfterEventChangeAsync(context, antiforgery, codes, attendees, events, texts, outcome);
    }

    // The days after the end when names are forgotten: empty keeps them; anything but digits is refused (-1).
    private static int? ForgetAfterDays(IFormCollection form)
    {
        var text = form["forgetAfterDays"].ToString().Trim();
        return text.Length == 0 ? null : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) ? days : -1;
    }

    // Whether the event's names are public: "true" or "false", else (empty) the server's setting.
    private static bool? PublicNames(IFormCollection form) => form["publicNames"].ToString() switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    // Done: back to the dashboard of that event (post, redirect, get); refused: the dashboard with why, 400 or 404.
    private static async Task<IResult> AfterEventChangeAsync(
        HttpContext context, IAntiforgery antiforgery, CodeDesk codes, AttendeeRecords attendees, EventDesk events, IStringLocalizer<WebTexts> texts, EventOutcome outcome)
    {
        if (outcome is EventOutcome.Done done)
        {
            return Results.Redirect(AdminAuthentication.PagePath + "?event=" + Uri.EscapeDataString(done.Event.Slug), permanent: false, preserveMethod: false);
        }

        var (key, status) = outcome switch
        {
            EventOutcome.NotFound => ("EventNotFound", StatusCodes.Status404NotFound),
            EventOutcome.SlugTaken => ("EventSlugTaken", StatusCodes.Status409Conflict),
            EventOutcome.CurrentCannotBeArchived or EventOutcome.ArchivedCannotBeCurrent => ("EventArchived", StatusCodes.Status409Conflict),
            EventOutcome.Invalid { Problem: EventProblem.BadSlug } => ("EventBadSlug", StatusCodes.Status400BadRequest),
            EventOutcome.Invalid { Problem: EventProblem.BadTitle } => ("EventBadTitle", StatusCodes.Status400BadRequest),
            _ => ("EventBadField", StatusCodes.Status400BadRequest),
        };
        return await RenderDashboardAsync(context, antiforgery, codes, attendees, events, attendees.CurrentEvent, texts[key], status);
    }

    private static AdminCaller Caller(HttpContext context) => new(AdminAuthentication.CallerName(context), "web");

    private static async Task<IResult> LoginAsync(HttpContext context, IAntiforgery antiforgery, IStringLocalizer<WebTexts> texts)
    {
        NoStore(context);
        var (form, problem) = await ReadFormAsync(context, antiforgery, texts);
        if (problem is not null)
        {
            return problem;
        }

        // An empty form is a slip, not a guess: it is not counted against the address.
        var token = form!["token"].ToString().Trim();
        if (token.Length == 0)
        {
            return Html<AdminLoginView>(AdminLoginView.Parameters(antiforgery.GetAndStoreTokens(context), texts["EnterAdminToken"]), StatusCodes.Status401Unauthorized);
        }

        var result = await context.AuthenticatePostedTokenAsync(token);
        var refusal = AdminAuthentication.Refusal(result);
        if (refusal?.Kind == AdminRefusalKind.TooManyFailures)
        {
            HttpPipeline.SetRetryAfter(context.Response, refusal.RetryAfter);
            return Html<AdminLoginView>(AdminLoginView.Parameters(antiforgery.GetAndStoreTokens(context), TooManyFailures(refusal, texts)), StatusCodes.Status429TooManyRequests);
        }

        if (!result.Succeeded)
        {
            return Html<AdminLoginView>(AdminLoginView.Parameters(antiforgery.GetAndStoreTokens(context), texts["WrongAdminToken"]), StatusCodes.Status401Unauthorized);
        }

        await context.SignInSessionAsync(result.Principal);
        return Results.Redirect(AdminAuthentication.PagePath, permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery, IStringLocalizer<WebTexts> texts)
    {
        NoStore(context);
        // The form's antiforgery token was issued to the session's admin; a session that already
        // ended (its token rotated or revoked) has nothing left to protect.
        var session = await context.AuthenticateAsync(AdminAuthentication.SessionScheme);
        if (!session.Succeeded)
        {
            return Results.Redirect(AdminAuthentication.PagePath, permanent: false, preserveMethod: false);
        }

        context.User = session.Principal;
        if ((await ReadFormAsync(context, antiforgery, texts)).Problem is { } problem)
        {
            return problem;
        }

        // Removes the session from the server's store, not just the cookie from the browser.
        await context.SignOutAsync(AdminAuthentication.SessionScheme);
        return Results.Redirect(AdminAuthentication.PagePath, permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> MintAsync(
        HttpContext context,
        IAntiforgery antiforgery,
        CodeDesk codes,
        AttendeeRecords attendees,
        IOptions<WebOptions> options,
        IStringLocalizer<WebTexts> texts)
    {
        NoStore(context);

        // A script with the bearer token sends no cookie, so it cannot be a forged request.
        var (form, problem) = await ReadFormAsync(context, AdminAuthentication.ByToken(context) ? null : antiforgery, texts);
        if (problem is not null)
        {
            return problem;
        }

        // Checked before minting: codes nobody can be shown would be lost.
        if (!PublicAddress.TryFor(context.Request, options.Value, out var address))
        {
            return PublicAddress.BadHost();
        }

        var countText = form!["count"].ToString().Trim();
        var count = int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var e = Selected(context, attendees, form);
        var outcome = await codes.IssueAsync(e, new CodeOrder(count, form["label"].ToString(), null), new AdminCaller(AdminAuthentication.CallerName(context), "web"), context.RequestAborted);
        if (outcome is IssueOutcome.Refused order)
        {
            var stats = await codes.StatsAsync(e, context.RequestAborted);
            return Html<AdminDashboardView>(
                AdminDashboardView.Parameters(antiforgery.GetAndStoreTokens(context), stats, attendees.Status(e).Count, Message(order.Problem, texts), e), StatusCodes.Status400BadRequest);
        }

        return Html<MintedCodesView>(MintedCodesView.Parameters(((IssueOutcome.Issued)outcome).Codes, address));
    }

    private static async Task ExportAsync(HttpContext context, AttendeeRecords attendees)
    {
        NoStore(context);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"attendees-{stamp}.csv\"";
        await AttendeeCsv.WriteAsync(context.Response.Body, attendees, Selected(context, attendees), context.RequestAborted);
    }

    private static async Task<(IFormCollection? Form, IResult? Problem)> ReadFormAsync(HttpContext context, IAntiforgery? antiforgery, IStringLocalizer<WebTexts> texts)
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
            return (null, Results.Text(texts["FormExpired"], statusCode: StatusCodes.Status400BadRequest));
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

    // The admin page's words for a refused order; the API says the same in its own terms, in English.
    private static string Message(IssueProblem problem, IStringLocalizer<WebTexts> texts) => problem switch
    {
        IssueProblem.CountOutOfRange => texts["CountOutOfRange", CodeDesk.MaxCodesPerCall],
        IssueProblem.LabelTooLong => texts["LabelTooLong", Domain.CodeLabel.MaxLength],
        IssueProblem.EventClosed => texts["EventClosed"],
        _ => texts["LabelControlCharacters"],
    };

    // The login page's words for a spent budget of wrong tokens; the API's stay English.
    private static string TooManyFailures(AdminRefusal refusal, IStringLocalizer<WebTexts> texts) =>
        texts[refusal.ServerWide ? "TooManyWrongTokensServerWide" : "TooManyWrongTokens", HttpPipeline.RetryAfterSeconds(refusal.RetryAfter)];

    private static RazorComponentResult<TPage> Html<TPage>(Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : IComponent =>
        new(parameters) { StatusCode = status };

    // The values antiforgery would set itself, so it leaves them alone.
    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers.Pragma = "no-cache";
    }
}
