using Microsoft.Extensions.Options;

namespace RollCall.Server.Web;

/// <summary>
/// The language of a request when the visitor chose none (no <c>?lang=</c>, no cookie) and the
/// browser's <c>Accept-Language</c> names none of the pages' languages: the last of the request
/// culture providers asks this. Today it is the configured default; an event's page answers with
/// the event's language by registering another implementation.
/// </summary>
public interface IFallbackLanguage
{
    /// <summary>The language (a name in <see cref="RollCallLocalizationOptions.Languages"/>) for <paramref name="context"/>, or null for the default.</summary>
    ValueTask<string?> ForAsync(HttpContext context);
}

/// <summary>The configured <see cref="RollCallLocalizationOptions.DefaultLanguage"/>, for every request.</summary>
internal sealed class ConfiguredFallbackLanguage(IOptions<RollCallLocalizationOptions> options) : IFallbackLanguage
{
    private readonly string _language = options.Value.DefaultLanguage;

    public ValueTask<string?> ForAsync(HttpContext context) => ValueTask.FromResult<string?>(_language);
}

/// <summary>
/// The language of the event a page shows (<see cref="PageEvent"/>), when the server speaks it;
/// otherwise (and for the start-up event <c>default</c>) the configured default. The last word, after the visitor's own choice and browser.
/// </summary>
internal sealed class EventFallbackLanguage(Application.AttendeeRecords attendees, IOptions<RollCallLocalizationOptions> options) : IFallbackLanguage
{
    private readonly string _default = options.Value.DefaultLanguage;
    private readonly HashSet<string> _spoken = [.. options.Value.Cultures().Select(c => c.Name)];

    public ValueTask<string?> ForAsync(HttpContext context)
    {
        // The start-up event 'default' was never given a language by an organizer: it speaks the server's.
        var e = PageEvent.Of(context, attendees);
        var language = e is null || e.Slug == Domain.EventRules.DefaultSlug ? null : e.Language;
        return ValueTask.FromResult<string?>(language is not null && _spoken.Contains(language) ? language : _default);
    }
}

