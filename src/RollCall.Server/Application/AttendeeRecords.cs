using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Application;

/// <summary>
/// Reading statuses and attendee lists, for the current event or any other: the snapshot served
/// from memory, whether its names are public, the full list page by page, and the organizer's
/// export. Shared by every door.
/// </summary>
public sealed class AttendeeRecords(IRegistrationStore store, EventStatuses statuses, EventCatalog catalog, IOptions<StatusOptions> options)
{
    /// <summary>Attendees per batch of an export.</summary>
    public const int ExportBatch = 500;

    private readonly StatusOptions _options = options.Value;

    /// <summary>The current event.</summary>
    public EventRecord CurrentEvent => catalog.Current;

    /// <summary>The current event's status now, from memory.</summary>
    public StatusSnapshot Current => statuses.Current.Current;

    /// <summary>True when the public may see the current event's names; otherwise names need the admin token.</summary>
    public bool NamesArePublic => ShowsNames(catalog.Current);

    /// <summary>How many recent attendees a status shows.</summary>
    public int RecentAttendants => _options.RecentAttendants;

    /// <summary>The event a call names: its slug, or the current event for an empty one; null for an unknown slug.</summary>
    public EventRecord? Resolve(string? slug) => catalog.Resolve(slug);

    /// <summary>The event with <paramref name="eventId"/>; null when there is none.</summary>
    public EventRecord? Find(long eventId) => catalog.Find(eventId);

    /// <summary>An event's status now, from memory.</summary>
    public StatusSnapshot Status(EventRecord e) => statuses.Of(e.Id).Current;

    /// <summary>True when the public may see <paramref name="e"/>'s names: its own setting, else the server's.</summary>
    public bool ShowsNames(EventRecord e) => e.PublicNames ?? _options.PublicNames;

    /// <summary>Whether a caller sees the current event's names: they are public, or the caller holds an admin token.</summary>
    public bool ShowsNamesTo(bool isAdmin) => NamesArePublic || isAdmin;

    /// <summary>A live subscription to the status of <paramref name="e"/>, with the configured queue.</summary>
    public StatusSubscription Subscribe(EventRecord e) =>
        statuses.Of(e.Id).Subscribe(_options.WatchQueueCapacity);

    /// <summary>A live subscription to the current event's status.</summary>
    public StatusSubscription Subscribe() => statuses.Current.Subscribe(_options.WatchQueueCapacity);

    /// <summary>Cancelled when the organizer makes another event current.</summary>
    public CancellationToken CurrentEventChanged => statuses.CurrentChanged;

    /// <summary>Up to <paramref name="limit"/> attendees of <paramref name="e"/> after number <paramref name="after"/>, in registration order.</summary>
    public Task<IReadOnlyList<Attendant>> ListAsync(EventRecord e, long after, int limit, CancellationToken cancellationToken) =>
        store.ListAttendantsAsync(e.Id, after, limit, cancellationToken);

    /// <summary>Every registered attendee of <paramref name="e"/> with the code they used, in batches of <see cref="ExportBatch"/>.</summary>
    public async IAsyncEnumerable<IReadOnlyList<ExportedAttendant>> ExportAsync(EventRecord e, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            var rows = await store.ExportAttendantsAsync(e.Id, after, ExportBatch, cancellationToken);
            if (rows.Count == 0)
            {
                yield break;
            }

            yield return rows;
            after = rows[^1].Attendant.Number;
        }
    }
}
