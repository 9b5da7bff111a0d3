using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Web;

/// <summary>
/// Which event a page shows: the one its address names (<c>/e/{slug}/…</c>), or the current one for
/// the plain addresses (<c>/</c>, <c>/attendees</c>, <c>/board</c>, <c>/events</c>). Pages of an
/// event link to their neighbours relatively (<c>events</c>, <c>board/round.json</c>), so one page
/// serves both.
/// </summary>
internal static class PageEvent
{
    /// <summary>The address prefix of an event's pages.</summary>
    public const string Prefix = "/e/{slug}";

    /// <summary>The event of this request; null for a slug no event has.</summary>
    public static EventRecord? Of(HttpContext context, AttendeeRecords attendees) =>
        context.GetRouteValue("slug") is string slug ? (slug.Length == 0 ? null : attendees.Resolve(slug)) : attendees.CurrentEvent;

    /// <summary>True when the request's address names its event rather than following the current one.</summary>
    public static bool IsPinned(HttpContext context) => context.GetRouteValue("slug") is string;

    /// <summary>The path of an event's registration page, with the trailing slash its relative links need.</summary>
    public static string PagePath(EventRecord e, AttendeeRecords attendees) =>
        e.Id == attendees.CurrentEvent.Id ? "/" : $"/e/{e.Slug}/";

    /// <summary>
    /// Maps the event pages under <see cref="Prefix"/>: an unknown slug is the 404 page for a
    /// browser and a plain 404 for anything else; <c>/e/{slug}</c> without the slash redirects to it.
    /// </summary>
    public static RouteGroupBuilder MapEventPages(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (Of(context, context.RequestServices.GetRequiredService<AttendeeRecords>()) is not null)
            {
                return await next(invocation);
            }

            if (NotFoundPage.WantsPage(context.Request))
            {
                await NotFoundPage.AnswerAsync(context);
                return Results.Empty;
            }

            return Results.NotFound("There is no such event.");
        });
        return group;
    }
}
