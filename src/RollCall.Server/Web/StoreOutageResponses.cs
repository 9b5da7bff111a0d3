using Microsoft.Extensions.Localization;
using RollCall.Server.Application;
using RollCall.Server.Http;

namespace RollCall.Server.Web;

/// <summary>
/// While the database is unavailable, the web side answers 503 with a clear message instead of
/// a 500: the page (HTML, with the last known status) for browsers, a JSON string for the 2016
/// form and scripts — the page's own script shows that string. gRPC has <c>StoreErrorInterceptor</c>.
/// </summary>
internal static class StoreOutageResponses
{
    /// <summary>How long clients are asked to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Turns a <see cref="StoreUnavailableException"/> from a web endpoint into a 503.</summary>
    public static WebApplication UseStoreOutageResponses(this WebApplication app)
    {
        // gRPC has StoreErrorInterceptor: its calls pass straight through, without an async frame here.
        app.Use((context, next) => HttpPipeline.IsGrpc(context.Request) ? next(context) : AnswerOutagesAsync(context, next));
        return app;
    }

    private static async Task AnswerOutagesAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (StoreUnavailableException exception) when (!context.Response.HasStarted)
        {
            var services = context.RequestServices;
            var result = WantsHtml(context.Request)
                ? await PageAsync(context, services.GetRequiredService<AttendeeRecords>(), services.GetRequiredService<PageRenderer>(), services.GetRequiredService<IStringLocalizer<WebTexts>>(), exception.Message)
                : Results.Json(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            HttpPipeline.SetRetryAfter(context.Response, RetryAfter);
            await result.ExecuteAsync(context);
        }
    }

    /// <summary>
    /// The registration page saying, in the visitor's language, that the database is unavailable;
    /// answered with 503. A rarer <paramref name="reason"/> (a commit whose fate is unknown) is shown
    /// as the store words it, so its advice is not lost.
    /// </summary>
    public static Task<IResult> PageAsync(HttpContext context, AttendeeRecords attendees, PageRenderer renderer, IStringLocalizer<WebTexts> texts, string reason)
    {
        HttpPipeline.SetRetryAfter(context.Response, RetryAfter);
        var message = reason == StoreUnavailableException.DefaultMessage ? texts["StoreUnavailable"] : reason;
        return RegistrationPage.RenderAsync(attendees, renderer, new PageMessage(false, message), string.Empty, StatusCodes.Status503ServiceUnavailable);
    }

    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
}
