using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace RollCall.Server.Web;

/// <summary>
/// Renders a Razor component to HTML outside a request, for what is rendered once per status
/// version and then shared by every reader (the plain registration page, its list of names).
/// Pages rendered for one request are <c>RazorComponentResult</c>s instead.
/// </summary>
internal sealed class PageRenderer(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    /// <summary>The HTML of <typeparamref name="TComponent"/> with <paramref name="parameters"/>, in <paramref name="culture"/>'s language.</summary>
    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters, CultureInfo culture)
        where TComponent : IComponent
    {
        // A renderer holds on to every component it rendered until it is disposed, and some of the
        // components' services are scoped: one scope and one renderer per page.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            // What is rendered once is shared by every reader of that language, whoever asked first.
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var html = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return html.ToHtmlString();
        });
    }
}
