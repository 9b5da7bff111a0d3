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
    // One plain page per version and language: the languages are the few configured ones.
    private static readonly ConcurrentDictionary<string, SnapshotView<Task<IResult>>> _pages = new(StringComparer.Ordinal);
    private static readonly SnapshotView<Task<string>> _recentNames = new();

    public static IEndpointRouteBuilder MapRegistrationPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", Index);
        endpoints.MapGet("/attendees", AttendeesAsync);
        endpoints.MapPost("/register", RegisterEndpoint.HandleAsync).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>
    /// The page with <paramref name="message"/> under the form and <paramref name="prefilledCode"/>
    /// in the code field, rendered for one request; its list of names is rendered once per version.
    /// </summary>
    public static async Task<IResult> RenderAsync(
        AttendeeRecords attendees, PageRenderer renderer, PageMessage? message, string prefilledCode, int? statusCode = null)
    {
        var snapshot = attendees.Current;
        var names = await RecentNamesAsync(snapshot, attendees, renderer);
        return new RazorComponentResult<RegistrationView>(RegistrationView.Parameters(snapshot.Count, names, message, prefilledCode))
        {
            StatusCode = statusCode,
        };
    }

    // GET /?code=N pre-fills the code (printed QR vouchers link here);
    // GET /?result=KEY&code=N shows the message after a form post without JavaScript.
    private static Task<IResult> Index(
        HttpRequest request, AttendeeRecords attendees, StoreAvailability availability, PageRenderer renderer, IStringLocalizer<WebTexts> texts)
    {
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
            var view = _pages.GetOrAdd(culture.Name, static _ => new SnapshotView<Task<IResult>>());
            return attendees.Current.View(view, (attendees, renderer, culture), static (s, state) => RenderPlainAsync(s, state.attendees, state.renderer, state.culture));
        }

        var code = Clip(request.Query["code"].ToString());
        var result = request.Query["result"].ToString();
        var message = result.Length == 0 ? null : PageOutcomes.FromKey(result, code, texts);
        var prefill = message is { Succeeded: false } or null ? code : string.Empty;
        return RenderAsync(attendees, renderer, message, prefill);
    }

    private static async Task<IResult> RenderPlainAsync(StatusSnapshot snapshot, AttendeeRecords attendees, PageRenderer renderer, CultureInfo culture)
    {
        var names = await RecentNamesAsync(snapshot, attendees, renderer);
        var html = await renderer.RenderAsync<RegistrationView>(RegistrationView.Parameters(snapshot.Count, names, null, string.Empty), culture);
        return Results.Bytes(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");
    }

    private static async Task<MarkupString?> RecentNamesAsync(StatusSnapshot snapshot, AttendeeRecords attendees, PageRenderer renderer)
    {
        if (!attendees.NamesArePublic)
        {
            return null;
        }

        // The RecentNames component's own output, in which every name was encoded.
        return new MarkupString(await snapshot.View(_recentNames, (attendees.RecentAttendants, renderer), static (s, state) =>
            state.renderer.RenderAsync<RecentNames>(RecentNames.Parameters(s.Attendants.Newest(state.RecentAttendants)), CultureInfo.InvariantCulture)));
    }

    private static async Task<IResult> AttendeesAsync(HttpRequest request, AttendeeRecords attendees, CancellationToken cancellationToken)
    {
        if (!attendees.NamesArePublic)
        {
            return new RazorComponentResult<AttendeesView>(AttendeesView.Parameters([], attendees.Current.Count, null));
        }

        var afterText = request.Query["after"].ToString();
        long after = 0;
        if (afterText.Length > 0 && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return Results.BadRequest("after must be a registration number.");
        }

        var page = await attendees.ListAsync(attendees.CurrentEvent, after, AttendeesPerPage + 1, cancellationToken);
        long? next = page.Count > AttendeesPerPage ? page[AttendeesPerPage - 1].Number : null;
        return new RazorComponentResult<AttendeesView>(AttendeesView.Parameters([.. page.Take(AttendeesPerPage)], attendees.Current.Count, next));
    }

    private static string Clip(string code) => code.Length <= RegistrationCode.MaxInputLength ? code.Trim() : string.Empty;
}
