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
        var html = BoardHtml.Render(attendees.Current, PublicAddress.For(request, options.Value), attendees.NamesArePublic, attendees.RecentAttendants);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static IResult QrCode(HttpContext context, IOptions<WebOptions> options)
    {
        var address = PublicAddress.For(context.Request, options.Value);
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Content(QrCodeSvg.Render(address.AbsoluteUri), "image/svg+xml; charset=utf-8");
    }
}
