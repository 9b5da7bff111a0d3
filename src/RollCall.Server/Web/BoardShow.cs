using System.Text.Json;
using RollCall.Matrix;
using RollCall.Matrix.Show;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Web;

/// <summary>
/// The frames of the board's emulated LED matrix, made by RollCall.Matrix's <see cref="AttendanceShow"/>,
/// the same timelines the Raspberry Pi plays. Each step is <c>{"pixels":"rrggbb…","durationMs":80,"scene":"Attendants"}</c>
/// with 64 colours, row-major; <c>matrix.js</c> draws them.
/// </summary>
internal static class BoardShow
{
    private static readonly SnapshotView<byte[]> _round = new();

    public static IEndpointRouteBuilder MapBoardShow(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/board/round.json", Round);
        endpoints.MapGet("/board/welcome.json", Welcome);
        return endpoints;
    }

    // GET /board/round.json: one round for the current count (scroll "Attendants: N :-)", gopher,
    // heart) and the offline icon, built once per snapshot.
    private static IResult Round(HttpContext context, AttendeeRecords attendees, AttendanceShow show)
    {
        var json = attendees.Current.View(_round, snapshot => JsonSerializer.SerializeToUtf8Bytes(
            new RoundTimeline(snapshot.Version, snapshot.Count, FrameStepDto.FromSteps(show.Round(snapshot.Count)), FrameStepDto.From(show.OfflineStep)),
            JsonSerializerOptions.Web));
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(json, "application/json");
    }

    // GET /board/welcome.json?name=Ada: the sparkle and "Welcome Ada!"; the same name always gives the same frames.
    // With --public-names=false the board never learns names, and this renders none either: "Welcome!".
    private static IResult Welcome(HttpContext context, AttendanceShow show, AttendeeRecords attendees)
    {
        var name = context.Request.Query["name"].ToString();
        if (name.Length > RegistrationRules.MaxNameLength)
        {
            return Results.BadRequest($"name must be at most {RegistrationRules.MaxNameLength} characters.");
        }

        if (!attendees.NamesArePublic)
        {
            name = string.Empty;
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Json(new WelcomeTimeline(FrameStepDto.FromSteps(show.Welcome(name))), JsonSerializerOptions.Web);
    }

    private sealed record RoundTimeline(long Version, int Count, IReadOnlyList<FrameStepDto> Steps, FrameStepDto Offline);

    private sealed record WelcomeTimeline(IReadOnlyList<FrameStepDto> Steps);
}
