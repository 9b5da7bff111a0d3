using Microsoft.Extensions.Options;
using RollCall.Server.Hosting;
using RollCall.Server.Live;

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

    private static IResult Board(HttpRequest request, StatusBroadcaster broadcaster, IOptions<RollCallOptions> options)
    {
        var settings = options.Value;
        var html = BoardHtml.Render(broadcaster.Current, PublicAddress.For(request, settings), settings.PublicNames, settings.RecentAttendants);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static IResult QrCode(HttpContext context, IOptions<RollCallOptions> options)
    {
        var address = PublicAddress.For(context.Request, options.Value);
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Content(QrCodeSvg.Render(address.AbsoluteUri), "image/svg+xml; charset=utf-8");
    }
}
