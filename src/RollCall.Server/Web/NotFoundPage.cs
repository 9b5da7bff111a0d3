using System.Globalization;

namespace RollCall.Server.Web;

/// <summary>
/// The answer to an address with no endpoint: for a browser's GET the 404 page in the visitor's
/// language, for anything else the bare 404 it always was (and a known path with another method
/// still its 405).
/// </summary>
internal static class NotFoundPage
{
    /// <summary>Answers a browser's GET that matched no endpoint with the 404 page; after the request's language is set.</summary>
    public static WebApplication UseNotFoundPage(this WebApplication app)
    {
        app.Use((context, next) => context.GetEndpoint() is null && WantsPage(context.Request) ? AnswerAsync(context) : next(context));
        return app;
    }

    /// <summary>True for a browser's GET or HEAD, which gets a page rather than a bare status.</summary>
    public static bool WantsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Writes the 404 page in the request's language.</summary>
    public static async Task AnswerAsync(HttpContext context)
    {
        var renderer = context.RequestServices.GetRequiredService<PageRenderer>();
        var html = await renderer.RenderAsync<NotFoundView>(new Dictionary<string, object?>(), CultureInfo.CurrentUICulture);
        await Results.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
    }
}
