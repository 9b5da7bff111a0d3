using Microsoft.Extensions.Options;
using RollCall.Server.Domain;

namespace RollCall.Server.Application;

/// <summary>Why an event's fields are refused.</summary>
public enum EventProblem
{
    /// <summary>The slug is not 1..64 of a-z, 0-9 and '-', starting and ending with a letter or digit.</summary>
    BadSlug,

    /// <summary>The title is empty, longer than <see cref="EventRules.MaxTitleLength"/> or holds control characters.</summary>
    BadTitle,

    /// <summary>The language is not one the server speaks.</summary>
    BadLanguage,

    /// <summary>The event ends before it starts.</summary>
    EndsBeforeItStarts,

    /// <summary>The days to keep names are outside 0..<see cref="EventRules.MaxForgetAfterDays"/>.</summary>
    BadForgetAfterDays,
}

/// <summary>An event's fields as a door received them; null leaves a field out.</summary>
/// <param name="Title">The title.</param>
/// <param name="StartsAt">When it starts.</param>
/// <param name="EndsAt">When it ends.</param>
/// <param name="Language">Its language.</param>
/// <param name="ForgetAfterDays">Days after the end when names are erased.</param>
/// <param name="PublicNames">Whether the public sees names.</param>
public sealed record EventFields(
    string? Title = null,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null,
    string? Language = null,
    int? ForgetAfterDays = null,
    bool? PublicNames = null);

/// <summary>Which <see cref="EventFields"/> an update changes (a field named but left null is cleared).</summary>
[Flags]
public enum EventFieldMask
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The title.</summary>
    Title = 1,

    /// <summary>The start.</summary>
    StartsAt = 2,

    /// <summary>The end.</summary>
    EndsAt = 4,

    /// <summary>The language.</summary>
    Language = 8,

    /// <summary>The days names are kept after the end.</summary>
    ForgetAfterDays = 16,

    /// <summary>Whether names are public.</summary>
    PublicNames = 32,

    /// <summary>Every field.</summary>
    All = Title | StartsAt | EndsAt | Language | ForgetAfterDays | PublicNames,
}

/// <summary>The result of a change to an event.</summary>
public abstract record EventOutcome
{
    private EventOutcome()
    {
    }

    /// <summary>Done: the event as stored now.</summary>
    public sealed record Done(EventRecord Event) : EventOutcome;

    /// <summary>No event has the slug.</summary>
    public sealed record NotFound(string Slug) : EventOutcome;

    /// <summary>Another event has the slug.</summary>
    public sealed record SlugTaken(string Slug) : EventOutcome;

    /// <summary>A field breaks a rule.</summary>
    public sealed record Invalid(EventProblem Problem) : EventOutcome;

    /// <summary>The current event cannot be archived; another must be made current first.</summary>
    public sealed record CurrentCannotBeArchived(EventRecord Event) : EventOutcome;

    /// <summary>An archived event cannot be made current; it must be reopened first.</summary>
    public sealed record ArchivedCannotBeCurrent(EventRecord Event) : EventOutcome;
}

/// <summary>An event with its counts, as organizers see it.</summary>
/// <param name="Event">The event.</param>
/// <param name="Counts">Its codes and attendees.</param>
/// <param name="IsCurrent">Whether it is the current event.</param>
public sealed record EventView(EventRecord Event, EventCounts Counts, bool IsCurrent);

/// <summary>The languages the server speaks, bound from the <c>RollCall</c> section.</summary>
public sealed class LanguageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall";

    /// <summary>The languages pages, boards and LED shows speak, comma-separated; the first is the default.</summary>
    public string Languages { get; set; } = "en,es";

    /// <summary><see cref="Languages"/> as a list.</summary>
    public IReadOnlyList<string> List =>
        [.. Languages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The language of a new event when none is given.</summary>
    public string Default => List.Count > 0 ? List[0] : "en";
}

/// <summary>
/// The organizer's use cases for events: create, change, close, reopen, archive, make current,
/// forget names; list them with their counts. Every change is audited, and the catalog in memory
/// (<see cref="EventCatalog"/>) is reloaded from the store after it.
/// </summary>
public sealed class EventDesk(IEventStore store, EventCatalog catalog, Live.EventStatuses statuses, IRegistrationStore registrations, AuditLog audit, TimeProvider time, IOptions<LanguageOptions> languages) : IDisposable
{
    private readonly IReadOnlyList<string> _languages = languages.Value.List;
    private readonly string _defaultLanguage = languages.Value.Default;
    private readonly SemaphoreSlim _reload = new(1, 1);

    /// <summary>The languages events may have.</summary>
    public IReadOnlyList<string> Languages => _languages;

    /// <summary>Creates an open event; <paramref name="keepNames"/> gives it no forgetting deadline instead of the default 30 days.</summary>
    public async Task<EventOutcome> CreateAsync(string slug, EventFields fields, bool keepNames, AdminCaller caller, CancellationToken cancellationToken)
    {
        if (!EventRules.IsValidSlug(slug))
        {
            return new EventOutcome.Invalid(EventProblem.BadSlug);
        }

        if (Check(fields, EventFieldMask.All) is { } problem)
        {
            return new EventOutcome.Invalid(problem);
        }

        EventRules.TryNormalizeTitle(fields.Title, out var title);
        var forget = keepNames ? (int?)null : fields.ForgetAfterDays ?? EventRules.DefaultForgetAfterDays;
        var draft = new EventDraft(slug, title, fields.StartsAt, fields.EndsAt, fields.Language ?? _defaultLanguage, forget, fields.PublicNames, time.GetUtcNow());
        var created = await store.CreateEventAsync(draft, cancellationToken);
        if (created is null)
        {
            return new EventOutcome.SlugTaken(slug);
        }

        audit.EventCreated(slug, title, caller.TokenName);
        await ReloadAsync(cancellationToken);
        return new EventOutcome.Done(created);
    }

    /// <summary>Changes the fields <paramref name="mask"/> names.</summary>
    public async Task<EventOutcome> UpdateAsync(string slug, EventFields fields, EventFieldMask mask, AdminCaller caller, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is not { } existing)
        {
            return new EventOutcome.NotFound(slug);
        }

        if (Check(fields, mask, existing) is { } problem)
        {
            return new EventOutcome.Invalid(problem);
        }

        var title = string.Empty;
        if (mask.HasFlag(EventFieldMask.Title))
        {
            EventRules.TryNormalizeTitle(fields.Title, out title);
        }

        var patch = new EventPatch
        {
            Title = mask.HasFlag(EventFieldMask.Title) ? new(title) : null,
            StartsAt = mask.HasFlag(EventFieldMask.StartsAt) ? new(fields.StartsAt) : null,
            EndsAt = mask.HasFlag(EventFieldMask.EndsAt) ? new(fields.EndsAt) : null,
            Language = mask.HasFlag(EventFieldMask.Language) ? new(fields.Language ?? _defaultLanguage) : null,
            ForgetAfterDays = mask.HasFlag(EventFieldMask.ForgetAfterDays) ? new(fields.ForgetAfterDays) : null,
            PublicNames = mask.HasFlag(EventFieldMask.PublicNames) ? new(fields.PublicNames) : null,
        };
        var updated = await store.UpdateEventAsync(existing.Id, patch, cancellationToken);
        if (updated is null)
        {
            return new EventOutcome.NotFound(slug);
        }

        audit.EventChanged(slug, mask == EventFieldMask.All ? "every field" : mask.ToString(), caller.TokenName);
        await ReloadAsync(cancellationToken);
        return new EventOutcome.Done(updated);
    }

    /// <summary>Closes an event: its codes are refused from now on.</summary>
    public Task<EventOutcome> CloseAsync(string slug, AdminCaller caller, CancellationToken cancellationToken) =>
        SetStateAsync(slug, EventState.Closed, caller, cancellationToken);

    /// <summary>Opens a closed or archived event again.</summary>
    public Task<EventOutcome> ReopenAsync(string slug, AdminCaller caller, CancellationToken cancellationToken) =>
        SetStateAsync(slug, EventState.Open, caller, cancellationToken);

    /// <summary>Archives an event (closed and hidden from the default lists); never the current one.</summary>
    public Task<EventOutcome> ArchiveAsync(string slug, AdminCaller caller, CancellationToken cancellationToken) =>
        SetStateAsync(slug, EventState.Archived, caller, cancellationToken);

    /// <summary>Makes an event current: the 2016 clients, the plain pages and the Pi follow it from now on.</summary>
    public async Task<EventOutcome> SetCurrentAsync(string slug, AdminCaller caller, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is not { } chosen)
        {
            return new EventOutcome.NotFound(slug);
        }

        if (chosen.State == EventState.Archived)
        {
            return new EventOutcome.ArchivedCannotBeCurrent(chosen);
        }

        if (!await store.SetCurrentEventAsync(chosen.Id, cancellationToken))
        {
            return new EventOutcome.NotFound(slug);
        }

        audit.CurrentEventChanged(slug, caller.TokenName);
        await ReloadAsync(cancellationToken);
        return new EventOutcome.Done(catalog.Find(chosen.Id) ?? chosen);
    }

    /// <summary>Erases the names of an event's attendees now; null when there is no such event.</summary>
    public async Task<(EventRecord Event, int Forgotten)?> ForgetAsync(string slug, string reason, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is not { } chosen)
        {
            return null;
        }

        var forgotten = await store.ForgetNamesAsync(chosen.Id, time.GetUtcNow(), cancellationToken);
        if (forgotten is not { } count)
        {
            return null;
        }

        audit.NamesForgotten(slug, count, reason);
        await ReloadAsync(cancellationToken);
        statuses.Reset(await registrations.LoadStatusAsync(chosen.Id, cancellationToken));
        return (catalog.Find(chosen.Id) ?? chosen, count);
    }

    /// <summary>The event a call names (empty: the current one) with its counts; null for an unknown slug.</summary>
    public async Task<EventView?> GetAsync(string? slug, CancellationToken cancellationToken)
    {
        if (catalog.Resolve(slug) is not { } found)
        {
            return null;
        }

        var counts = await store.CountEventsAsync(cancellationToken);
        return View(found, counts);
    }

    /// <summary>Up to <paramref name="limit"/> events older than the event <paramref name="afterId"/> (0: from the newest), with their counts.</summary>
    public async Task<IReadOnlyList<EventView>> ListAsync(bool showArchived, long afterId, int limit, CancellationToken cancellationToken)
    {
        var page = catalog.All
            .Where(e => showArchived || e.State != EventState.Archived)
            .SkipWhile(e => afterId != 0 && e.Id != afterId)
            .Skip(afterId == 0 ? 0 : 1)
            .Take(limit)
            .ToList();
        var counts = page.Count == 0 ? new Dictionary<long, EventCounts>() : await store.CountEventsAsync(cancellationToken);
        return [.. page.Select(e => View(e, counts))];
    }

    /// <summary>Reads the events again from the store; for changes made through another replica too.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        // One reload at a time, each reading after the one before it was installed: otherwise a
        // read from before a change could be installed after the read that has it, and an event
        // whose creation was just answered would be missing (or an old current event come back).
        await _reload.WaitAsync(cancellationToken);
        try
        {
            catalog.Load(await store.LoadEventsAsync(cancellationToken));
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>Releases the reload gate.</summary>
    public void Dispose() => _reload.Dispose();

    private EventView View(EventRecord e, IReadOnlyDictionary<long, EventCounts> counts) =>
        new(e, counts.GetValueOrDefault(e.Id) ?? new EventCounts(0, 0, 0), e.Id == catalog.Current.Id);

    private async Task<EventOutcome> SetStateAsync(string slug, EventState state, AdminCaller caller, CancellationToken cancellationToken)
    {
        if (catalog.Find(slug) is not { } existing)
        {
            return new EventOutcome.NotFound(slug);
        }

        if (state == EventState.Archived && existing.Id == catalog.Current.Id)
        {
            return new EventOutcome.CurrentCannotBeArchived(existing);
        }

        if (existing.State == state)
        {
            return new EventOutcome.Done(existing);
        }

        var changed = await store.SetEventStateAsync(existing.Id, state, cancellationToken);
        if (changed is null)
        {
            return new EventOutcome.NotFound(slug);
        }

        audit.EventStateChanged(slug, state, caller.TokenName);
        await ReloadAsync(cancellationToken);
        return new EventOutcome.Done(changed);
    }

    private EventProblem? Check(EventFields fields, EventFieldMask mask, EventRecord? existing = null)
    {
        if (mask.HasFlag(EventFieldMask.Title) && !EventRules.TryNormalizeTitle(fields.Title, out _))
        {
            return EventProblem.BadTitle;
        }

        if (mask.HasFlag(EventFieldMask.Language) && fields.Language is { } language && !_languages.Contains(language))
        {
            return EventProblem.BadLanguage;
        }

        var starts = mask.HasFlag(EventFieldMask.StartsAt) ? fields.StartsAt : existing?.StartsAt;
        var ends = mask.HasFlag(EventFieldMask.EndsAt) ? fields.EndsAt : existing?.EndsAt;
        if (starts is { } s && ends is { } e && e < s)
        {
            return EventProblem.EndsBeforeItStarts;
        }

        if (mask.HasFlag(EventFieldMask.ForgetAfterDays) && fields.ForgetAfterDays is < 0 or > EventRules.MaxForgetAfterDays)
        {
            return EventProblem.BadForgetAfterDays;
        }

        return null;
    }
}
