using System.Collections.Frozen;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Application;

/// <summary>
/// Every event in memory, found by slug or id in O(1), and which one is current; reloaded from the
/// store after each change (and, on PostgreSQL, when another replica changed something). Switching
/// the current event here switches the live status that follows it (<see cref="EventStatuses"/>).
/// </summary>
public sealed class EventCatalog(EventStatuses statuses)
{
    private volatile Catalog _catalog = new([], FrozenDictionary<string, EventRecord>.Empty, FrozenDictionary<long, EventRecord>.Empty, null);

    /// <summary>Raised after the catalog was reloaded.</summary>
    public event Action? Changed;

    /// <summary>The current event.</summary>
    public EventRecord Current => _catalog.Current ?? throw new InvalidOperationException("The events are not loaded yet.");

    /// <summary>Every event, newest first, archived ones included.</summary>
    public IReadOnlyList<EventRecord> All => _catalog.Events;

    /// <summary>The event with <paramref name="slug"/>; null when there is none.</summary>
    public EventRecord? Find(string slug) => _catalog.BySlug.GetValueOrDefault(slug);

    /// <summary>The event with <paramref name="eventId"/>; null when there is none.</summary>
    public EventRecord? Find(long eventId) => _catalog.ById.GetValueOrDefault(eventId);

    /// <summary>The event a call names: its slug, or the current event for an empty one; null for an unknown slug.</summary>
    public EventRecord? Resolve(string? slug) => string.IsNullOrEmpty(slug) ? Current : Find(slug);

    /// <summary>Replaces the catalog with what the store holds and follows its current event.</summary>
    public void Load(EventCatalogState state)
    {
        var events = state.Events.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).ToArray();
        var byId = events.ToFrozenDictionary(e => e.Id);
        var current = byId.GetValueOrDefault(state.CurrentEventId)
            ?? throw new InvalidOperationException($"The current event (id {state.CurrentEventId}) is not among the events.");
        _catalog = new Catalog(events, events.ToFrozenDictionary(e => e.Slug, StringComparer.Ordinal), byId, current);
        statuses.SetCurrent(current.Id);
        Changed?.Invoke();
    }

    private sealed record Catalog(
        IReadOnlyList<EventRecord> Events,
        FrozenDictionary<string, EventRecord> BySlug,
        FrozenDictionary<long, EventRecord> ById,
        EventRecord? Current);
}
