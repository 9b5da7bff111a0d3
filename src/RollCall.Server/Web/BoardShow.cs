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
    // Kept with the language of the show it was made from: an event's language can change.
    private static readonly SnapshotView<KeyedView<string, byte[]>> _round = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, AttendanceShow> _shows = new(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapBoardShow(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/board/round.json", Round);
        endpoints.MapGet("/board/welcome.json", Welcome);
        return endpoints;
    }

    // GET /board/round.json: one round for the current count (scroll "Attendants: N :-)", gopher,
    // heart) and the offline icon, built once per snapshot.
    private static IResult Round(HttpContext context, AttendeeRecords attendees, AttendanceShow template)
    {
        var e = PageEvent.Of(context, attendees)!;
        var show = ShowFor(e, template);
        var json = attendees.Status(e).View(_round, e.Language, show, static (snapshot, _, show) => JsonSerializer.SerializeToUtf8Bytes(
            new RoundTimeline(snapshot.Version, snapshot.Count, FrameStepDto.FromSteps(show.Round(snapshot.Count)), FrameStepDto.From(show.OfflineStep)),
            JsonSerializerOptions.Web));
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(json, "application/json");
    }

    // GET /board/welcome.json?name=Ada: the sparkle and "Welcome Ada!"; the same name always gives the same frames.
    // With --public-names=false the board never learns names, and this renders none either: "Welcome!".
    private static IResult Welcome(HttpContext context, AttendanceShow template, AttendeeRecords attendees)
    {
        var e = PageEvent.Of(context, attendees)!;
        var show = ShowFor(e, template);
        var name = context.Request.Query["name"].ToString();
        if (name.Length > RegistrationRules.MaxNameLength)
        {
            return Results.BadRequest($"name must be at most {RegistrationRules.MaxNameLength} characters.");
        }

        if (!attendees.ShowsNames(e))
        {
            name = string.Empty;
        }

        // The plain /board follows the current event, whose language may change.
        context.Response.Headers.CacheControl = PageEvent.IsPinned(context) ? "public, max-age=3600" : "no-cache";
        return Results.Json(new WelcomeTimeline(FrameStepDto.FromSteps(show.Welcome(name))), JsonSerializerOptions.Web);
    }

    // The show in the event's language: the Pi's texts ("Asistentes: N :-)", "¡Hola, Ada!").
    private static AttendanceShow ShowFor(EventRecord e, AttendanceShow template) =>
        _shows.GetOrAdd(e.Language, static (language, template) =>
        {
            var show = new AttendanceShow(template.Options);
            show.UseLanguage(language);
            return show;
        }, template);

    private sealed record RoundTimeline(long Version, int Count, IReadOnlyList<FrameStepDto> Steps, FrameStepDto Offline);

    private sealed record WelcomeTimeline(IReadOnlyList<FrameStepDto> Steps);
}
