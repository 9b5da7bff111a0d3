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

    private static IResult Board(HttpRequest request, AttendeeRecords attendees, IOptions<WebOptions> options)
    {
        if (!PublicAddress.TryFor(request, options.Value, out var address))
        {
            return PublicAddress.BadHost();
        }

        var snapshot = attendees.Current;
        var newest = attendees.NamesArePublic ? snapshot.Attendants.Newest(Math.Min(BoardView.MaxNames, attendees.RecentAttendants)) : null;
        return new RazorComponentResult<BoardView>(BoardView.Parameters(snapshot.Count, newest, address));
    }

    private static IResult QrCode(HttpContext context, IOptions<WebOptions> options)
    {
        if (!PublicAddress.TryFor(context.Request, options.Value, out var address))
        {
            return PublicAddress.BadHost();
        }

        context.Response.Headers.CacheControl = "no-cache";
        return Results.Content(QrCodeSvg.Render(address.AbsoluteUri), "image/svg+xml; charset=utf-8");
    }
}
