using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Application;

/// <summary>
/// Reading the status and the attendee list: the snapshot served from memory, whether its names are
/// public, the full list page by page, and the organizer's export. Shared by every door.
/// </summary>
public sealed class AttendeeRecords(IRegistrationStore store, StatusBroadcaster broadcaster, IOptions<StatusOptions> options)
{
    /// <summary>Attendees per batch of an export.</summary>
    public const int ExportBatch = 500;

    private readonly StatusOptions _options = options.Value;

    /// <summary>The status now, from memory.</summary>
    public StatusSnapshot Current => broadcaster.Current;

    /// <summary>True when the public may see names; otherwise names need the admin token.</summary>
    public bool NamesArePublic => _options.PublicNames;

    /// <summary>How many recent attendees a status shows.</summary>
    public int RecentAttendants => _options.RecentAttendants;

    /// <summary>How many change batches a live subscriber may fall behind before it gets a fresh snapshot.</summary>
    public int WatchQueueCapacity => _options.WatchQueueCapacity;

    /// <summary>Whether a caller sees names: they are public, or the caller holds an admin token.</summary>
    public bool ShowsNamesTo(bool isAdmin) => _options.PublicNames || isAdmin;

    /// <summary>A live subscription to the status, with the configured queue.</summary>
    public StatusSubscription Subscribe() => broadcaster.Subscribe(_options.WatchQueueCapacity);

    /// <summary>Up to <paramref name="limit"/> attendees after number <paramref name="after"/>, in registration order.</summary>
    public Task<IReadOnlyList<Attendant>> ListAsync(long after, int limit, CancellationToken cancellationToken) =>
        store.ListAttendantsAsync(after, limit, cancellationToken);

    /// <summary>Every registered attendee with the code they used, in batches of <see cref="ExportBatch"/>.</summary>
    public async IAsyncEnumerable<IReadOnlyList<ExportedAttendant>> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            var rows = await store.ExportAttendantsAsync(after, ExportBatch, cancellationToken);
            if (rows.Count == 0)
            {
                yield break;
            }

            yield return rows;
            after = rows[^1].Attendant.Number;
        }
    }
}
