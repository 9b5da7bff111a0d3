using Microsoft.AspNetCore.Http.HttpResults;

namespace RollCall.Server.Web;

/// <summary>
/// The answer to an address with no endpoint: for a browser's GET the 404 page in the visitor's
/// language, for anything else the bare 404 it always was.
/// </summary>
internal static class NotFoundPage
{
    public static IEndpointRouteBuilder MapNotFoundPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFallback(Answer);
        return endpoints;
    }

    private static IResult Answer(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true)
            ? new RazorComponentResult<NotFoundView> { StatusCode = StatusCodes.Status404NotFound }
            : Results.NotFound();
}
