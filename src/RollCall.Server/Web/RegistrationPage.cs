using System.Text;
using Microsoft.Extensions.Options;
using RollCall.Server.Domain;
using RollCall.Server.Hosting;
using RollCall.Server.Live;
using RollCall.Server.Storage;

namespace RollCall.Server.Web;

/// <summary>The registration page (<c>GET /</c>) and the full attendee list (<c>GET /attendees</c>).</summary>
internal static class RegistrationPage
{
    private const int AttendeesPerPage = 100;

    public static IEndpointRouteBuilder MapRegistrationPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", Index);
        endpoints.MapGet("/attendees", AttendeesAsync);
        endpoints.MapPost("/register", RegisterEndpoint.HandleAsync).DisableAntiforgery();
        return endpoints;
    }

    // GET /?code=N pre-fills the code (printed QR vouchers link here);
    // GET /?result=KEY&code=N shows the message after a form post without JavaScript.
    private static IResult Index(HttpRequest request, StatusBroadcaster broadcaster, StoreAvailability availability, IOptions<RollCallOptions> options)
    {
        if (availability.Problem is { } problem)
        {
            // The status below may be stale and registering would fail: say so, with 503.
            request.HttpContext.Response.Headers.RetryAfter = StoreOutageResponses.RetryAfterSeconds;
            return StoreOutageResponses.Page(broadcaster, options.Value, problem);
        }

        if (!request.QueryString.HasValue)
        {
            // The common request: the same bytes for everyone until the status changes.
            var page = broadcaster.Current.View(SnapshotView.Page, s => Results.Bytes(
                Encoding.UTF8.GetBytes(PageHtml.RegistrationPage(s, null, string.Empty, options.Value.PublicNames, options.Value.RecentAttendants)),
                "text/html; charset=utf-8"));
            return page;
        }

        var code = Clip(request.Query["code"].ToString());
        var result = request.Query["result"].ToString();
        var message = result.Length == 0 ? null : RegistrationOutcome.FromKey(result, code);
        var prefill = message is { Succeeded: false } or null ? code : string.Empty;
        var html = PageHtml.RegistrationPage(broadcaster.Current, message, prefill, options.Value.PublicNames, options.Value.RecentAttendants);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> AttendeesAsync(
        HttpRequest request, IRegistrationStore store, StatusBroadcaster broadcaster, IOptions<RollCallOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.PublicNames)
        {
            return Results.Content(PageHtml.AttendeesPage([], broadcaster.Current.Count, null), "text/html; charset=utf-8");
        }

        var afterText = request.Query["after"].ToString();
        long after = 0;
        if (afterText.Length > 0 && (!long.TryParse(afterText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after)))
        {
            return Results.BadRequest("after must be a registration number.");
        }

        var page = await store.ListAttendantsAsync(after, AttendeesPerPage + 1, cancellationToken);
        long? next = page.Count > AttendeesPerPage ? page[AttendeesPerPage - 1].Number : null;
        var html = PageHtml.AttendeesPage([.. page.Take(AttendeesPerPage)], broadcaster.Current.Count, next);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string Clip(string code) => code.Length <= RegistrationCode.MaxInputLength ? code.Trim() : string.Empty;
}
