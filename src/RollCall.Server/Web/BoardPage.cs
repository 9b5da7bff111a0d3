using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;

namespace RollCall.Server.Web;

/// <summary><c>GET /board</c>, the full-screen projector page, and its QR code.</summary>
internal static class BoardPage
{
    public static IEndpointRouteBuilder MapBoardPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/board", Board);
        endpoints.MapGet("/board/qr.svg", QrCode);
        return endpoints;
    }

    /// <summary>The address attendees open for the page's event: the root for the current event, else its own page.</summary>
    public static Uri RegistrationAddress(HttpContext context, AttendeeRecords attendees, Uri address) =>
        PageEvent.IsPinned(context) && PageEvent.Of(context, attendees) is { } e ? new Uri(address, $"e/{e.Slug}/") : address;

    private static IResult Board(HttpRequest request, AttendeeRecords attendees, IOptions<WebOptions> options)
    {
        var e = PageEvent.Of(request.HttpContext, attendees)!;
        if (!PublicAddress.TryFor(request, options.Value, out var address))
        {
            return PublicAddress.BadHost();
        }

        var snapshot = attendees.Status(e);
        var newest = attendees.ShowsNames(e) ? snapshot.Attendants.Newest(Math.Min(BoardView.MaxNames, attendees.RecentAttendants)) : null;
        return new RazorComponentResult<BoardView>(BoardView.Parameters(snapshot.Count, newest, RegistrationAddress(request.HttpContext, attendees, address), e.Title));
    }

    private static IResult QrCode(HttpContext context, AttendeeRecords attendees, IOptions<WebOptions> options)
    {
        if (!PublicAddress.TryFor(context.Request, options.Value, out var address))
        {
            return PublicAddress.BadHost();
        }

        context.Response.Headers.CacheControl = "no-cache";
        return Results.Content(QrCodeSvg.Render(RegistrationAddress(context, attendees, address).AbsoluteUri), "image/svg+xml; charset=utf-8");
    }
}
