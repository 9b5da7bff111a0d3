using RollCall.Server.Domain;

namespace RollCall.Server.Application;

/// <summary>
/// The events, as the use cases need them. The same store as <see cref="IRegistrationStore"/>
/// implements it, in the same database and through the same writer.
/// </summary>
public interface IEventStore
{
    /// <summary>Every event, archived ones included, and which one is current.</summary>
    Task<EventCatalogState> LoadEventsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds an event, open. It becomes current when it is the first event the organizer creates (the
    /// current event is then the start-up <c>default</c>, with no code ever issued). Null when the slug is taken.
    /// </summary>
    Task<EventRecord?> CreateEventAsync(EventDraft draft, CancellationToken cancellationToken);

    /// <summary>Changes the fields <paramref name="patch"/> names; null when there is no such event.</summary>
    Task<EventRecord?> UpdateEventAsync(long eventId, EventPatch patch, CancellationToken cancellationToken);

    /// <summary>Opens, closes or archives an event; null when there is no such event.</summary>
    Task<EventRecord?> SetEventStateAsync(long eventId, EventState state, CancellationToken cancellationToken);

    /// <summary>Makes an event the current one; false when there is no such event.</summary>
    Task<bool> SetCurrentEventAsync(long eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Erases the names of every attendee of an event (numbers, counts and times stay) and bumps the
    /// event's status version; returns how many were erased, or null when there is no such event.
    /// </summary>
    Task<int?> ForgetNamesAsync(long eventId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The counts of every event that has codes or attendees.</summary>
    Task<IReadOnlyDictionary<long, EventCounts>> CountEventsAsync(CancellationToken cancellationToken);
}

/// <summary>Every event and which one is current, as stored.</summary>
/// <param name="Events">Every event, archived ones included.</param>
/// <param name="CurrentEventId">The id of the current event.</param>
public sealed record EventCatalogState(IReadOnlyList<EventRecord> Events, long CurrentEventId);

/// <summary>A new event, checked by <see cref="EventDesk"/>.</summary>
/// <param name="Slug">Its slug.</param>
/// <param name="Title">Its title, normalized.</param>
/// <param name="StartsAt">When it starts, if given.</param>
/// <param name="EndsAt">When it ends, if given.</param>
/// <param name="Language">Its language.</param>
/// <param name="ForgetAfterDays">Days after the end when names are erased; null keeps them.</param>
/// <param name="PublicNames">Whether the public sees names; null follows the server.</param>
/// <param name="CreatedAt">Now.</param>
public sealed record EventDraft(
    string Slug,
    string Title,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string Language,
    int? ForgetAfterDays,
    bool? PublicNames,
    DateTimeOffset CreatedAt);

/// <summary>The fields of an event to change; a field that is not <see cref="Set{T}"/> stays as it is.</summary>
public sealed record EventPatch
{
    /// <summary>A new title, normalized.</summary>
    public Set<string>? Title { get; init; }

    /// <summary>A new start, or none.</summary>
    public Set<DateTimeOffset?>? StartsAt { get; init; }

    /// <summary>A new end, or none.</summary>
    public Set<DateTimeOffset?>? EndsAt { get; init; }

    /// <summary>A new language.</summary>
    public Set<string>? Language { get; init; }

    /// <summary>New days to keep names after the end, or never forget.</summary>
    public Set<int?>? ForgetAfterDays { get; init; }

    /// <summary>Whether the public sees names, or follow the server.</summary>
    public Set<bool?>? PublicNames { get; init; }

    /// <summary>A value to set, which may itself be null.</summary>
    /// <typeparam name="T">The field's type.</typeparam>
    /// <param name="Value">The new value.</param>
    public sealed record Set<T>(T Value);
}
