using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Web;

/// <summary>The registration page (<c>GET /</c>) and the full attendee list (<c>GET /attendees</c>).</summary>
internal static class RegistrationPage
{
    private const int AttendeesPerPage = 100;
    // One plain page per version and language (the languages are the few configured ones), kept
    // with the event as it was rendered and its address: a renamed event, or one that stopped or
    // started being current, is rendered again at once rather than at its next registration.
    private static readonly ConcurrentDictionary<string, SnapshotView<KeyedView<(EventRecord Event, string Path), Task<IResult>>>> _pages = new(StringComparer.Ordinal);
    private static readonly SnapshotView<Task<string>> _recentNames = new();

    public static IEndpointRouteBuilder MapRegistrationPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", Index);
        endpoints.MapGet("/attendees", AttendeesAsync);
        endpoints.MapPost("/register", RegisterEndpoint.HandleAsync).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>An event's registration page and attendee list, under <see cref="PageEvent.Prefix"/>.</summary>
    public static RouteGroupBuilder MapEventRegistrationPage(this RouteGroupBuilder group)
    {
        group.MapGet("/", Index);
        group.MapGet("/attendees", AttendeesAsync);
        return group;
    }

    /// <summary>
    /// The page with <paramref name="message"/> under the form and <paramref name="prefilledCode"/>
    /// in the code field, rendered for one request; its list of names is rendered once per version.
    /// </summary>
    public static async Task<IResult> RenderAsync(
        AttendeeRecords attendees, PageRenderer renderer, PageMessage? message, string prefilledCode, int? statusCode = null, EventRecord? e = null)
    {
        e ??= attendees.CurrentEvent;
        var snapshot = attendees.Status(e);
        var names = await RecentNamesAsync(snapshot, e, attendees, renderer);
        return new RazorComponentResult<RegistrationView>(RegistrationView.Parameters(snapshot.Count, names, message, prefilledCode, e.Title, PagePath(e, attendees)))
        {
            StatusCode = statusCode,
        };
    }

    // GET /?code=N pre-fills the code (printed QR vouchers link here);
    // GET /?result=KEY&code=N shows the message after a form post without JavaScript.
    private static Task<IResult> Index(
        HttpRequest request, AttendeeRecords attendees, StoreAvailability availability, PageRenderer renderer, IStringLocalizer<WebTexts> texts)
    {
        var e = PageEvent.Of(request.HttpContext, attendees)!;
        if (PageEvent.IsPinned(request.HttpContext) && !request.Path.Value!.EndsWith('/'))
        {
            // The page's links (its live stream, its board) are relative to the event's folder.
            return Task.FromResult(Results.Redirect($"/e/{e.Slug}/{request.QueryString}", permanent: false, preserveMethod: false));
        }

        if (availability.Problem is { } problem)
        {
            // The status below may be stale and registering would fail: say so, with 503.
            return StoreOutageResponses.PageAsync(request.HttpContext, attendees, renderer, texts, problem);
        }

        if (!request.QueryString.HasValue)
        {
            // The common request: the same bytes for everyone until the status changes, rendered once
            // per version and language; returning the shared task allocates nothing.
            var culture = CultureInfo.CurrentUICulture;
            var view = _pages.GetOrAdd(culture.Name, static _ => new());
            return attendees.Status(e).View(view, (Event: e, Path: PagePath(e, attendees)), (attendees, renderer, culture), static (s, key, state) =>
                RenderPlainAsync(s, key.Event, key.Path, state.attendees, state.renderer, state.culture));
        }

        var code = Clip(request.Query["code"].ToString());
        var result = request.Query["result"].ToString();
        var message = result.Length == 0 ? null : PageOutcomes.FromKey(result, code, texts, e.Title);
        var prefill = message is { Succeeded: false } or null ? code : string.Empty;
        return RenderAsync(attendees, renderer, message, prefill, e: e);
    }

    private static async Task<IResult> RenderPlainAsync(
        StatusSnapshot snapshot, EventRecord e, string path, AttendeeRecords attendees, PageRenderer renderer, CultureInfo culture)
    {
        var names = await RecentNamesAsync(snapshot, e, attendees, renderer);
        var html = await renderer.RenderAsync<RegistrationView>(RegistrationView.Parameters(snapshot.Count, names, null, string.Empty, e.Title, path), culture);
        return Results.Bytes(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");
    }

    private static async Task<MarkupString?> RecentNamesAsync(StatusSnapshot snapshot, EventRecord e, AttendeeRecords attendees, PageRenderer renderer)
    {
        if (!attendees.ShowsNames(e))
        {
            return null;
        }

        // The RecentNames component's own output, in which every name was encoded.
        return new MarkupString(await snapshot.View(_recentNames, (attendees.RecentAttendants, renderer), static (s, state) =>
            state.renderer.RenderAsync<RecentNames>(RecentNames.Parameters(s.Attendants.Newest(state.RecentAttendants)), CultureInfo.InvariantCulture)));
    }

    private static async Task<IResult> AttendeesAsync(HttpRequest request, AttendeeRecords attendees, CancellationToken cancellationToken)
    {
        var e = PageEvent.Of(request.HttpContext, attendees)!;
        if (!attendees.ShowsNames(e))
        {
            return new RazorComponentResult<AttendeesView>(AttendeesView.Parameters([], attendees.Status(e).Count, null, e.Title));
        }

        var afterText = request.Query["after"].ToString();
        long after = 0;
        if (afterText.Length > 0 && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return Results.BadRequest("after must be a registration number.");
        }

        var page = await attendees.ListAsync(e, after, AttendeesPerPage + 1, cancellationToken);
        long? next = page.Count > AttendeesPerPage ? page[AttendeesPerPage - 1].Number : null;
        return new RazorComponentResult<AttendeesView>(AttendeesView.Parameters([.. page.Take(AttendeesPerPage)], attendees.Status(e).Count, next, e.Title));
    }

    // The plain page of the current event keeps its plain links, even when reached by its slug.
    private static string PagePath(EventRecord e, AttendeeRecords attendees) => PageEvent.PagePath(e, attendees);

    private static string Clip(string code) => code.Length <= RegistrationCode.MaxInputLength ? code.Trim() : string.Empty;
}
