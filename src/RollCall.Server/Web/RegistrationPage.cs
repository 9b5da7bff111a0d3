using System.Globalization;
using System.Text;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Web;

/// <summary>The registration page (<c>GET /</c>) and the full attendee list (<c>GET /attendees</c>).</summary>
internal static class RegistrationPage
{
    private const int AttendeesPerPage = 100;
    private static readonly SnapshotView<IResult> _page = new();

    public static IEndpointRouteBuilder MapRegistrationPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", Index);
        endpoints.MapGet("/attendees", AttendeesAsync);
        endpoints.MapPost("/register", RegisterEndpoint.HandleAsync).DisableAntiforgery();
        return endpoints;
    }

    // GET /?code=N pre-fills the code (printed QR vouchers link here);
    // GET /?result=KEY&code=N shows the message after a form post without JavaScript.
    private static IResult Index(HttpRequest request, AttendeeRecords attendees, StoreAvailability availability)
    {
        if (availability.Problem is { } problem)
        {
            // The status below may be stale and registering would fail: say so, with 503.
            return StoreOutageResponses.Page(request.HttpContext, attendees, problem);
        }

        if (!request.QueryString.HasValue)
        {
            // The common request: the same bytes for everyone until the status changes.
            return attendees.Current.View(_page, attendees, static (s, attendees) => Results.Bytes(
                Encoding.UTF8.GetBytes(PageHtml.RegistrationPage(s, null, string.Empty, attendees.NamesArePublic, attendees.RecentAttendants)),
                "text/html; charset=utf-8"));
        }

        var code = Clip(request.Query["code"].ToString());
        var result = request.Query["result"].ToString();
        var message = result.Length == 0 ? null : PageOutcomes.FromKey(result, code);
        var prefill = message is { Succeeded: false } or null ? code : string.Empty;
        var html = PageHtml.RegistrationPage(attendees.Current, message, prefill, attendees.NamesArePublic, attendees.RecentAttendants);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> AttendeesAsync(HttpRequest request, AttendeeRecords attendees, CancellationToken cancellationToken)
    {
        if (!attendees.NamesArePublic)
        {
            return Results.Content(PageHtml.AttendeesPage([], attendees.Current.Count, null), "text/html; charset=utf-8");
        }

        var afterText = request.Query["after"].ToString();
        long after = 0;
        if (afterText.Length > 0 && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return Results.BadRequest("after must be a registration number.");
        }

        var page = await attendees.ListAsync(after, AttendeesPerPage + 1, cancellationToken);
        long? next = page.Count > AttendeesPerPage ? page[AttendeesPerPage - 1].Number : null;
        var html = PageHtml.AttendeesPage([.. page.Take(AttendeesPerPage)], attendees.Current.Count, next);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string Clip(string code) => code.Length <= RegistrationCode.MaxInputLength ? code.Trim() : string.Empty;
}
