using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Web;

/// <summary>
/// The server-sent events of <c>GET /events</c>: type <c>snapshot</c>, <c>registered</c> or
/// <c>cancelled</c>, id the status version, data one line of JSON. Each event is built once per
/// snapshot or change and shared by every connection, so a thousand open pages cost one
/// serialization, not a thousand; SseFormatter only frames the shared bytes. Names are
/// JSON-encoded (with <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quotes escaped), and the page
/// puts them into the document as text only.
/// </summary>
internal static class StatusEventJson
{
    /// <summary>
    /// How long a browser's EventSource waits before it reconnects by itself (<c>retry: 2000</c>),
    /// sent with every snapshot, the first event of each stream.
    /// </summary>
    public static readonly TimeSpan ReconnectionInterval = TimeSpan.FromSeconds(2);

    // Kept with whether it carries names: an event's names can be made private (or public) at any time.
    private static readonly SnapshotView<KeyedView<(bool PublicNames, int Recent), SseItem<byte[]>>> _snapshotEvent = new();

    // A change fans out to every connection: the first to send it builds the event, the rest
    // share it, and it goes when the change does.
    private static readonly ConditionalWeakTable<StatusDelta, StrongBox<SseItem<byte[]>>> _deltaEvents = new();

    /// <summary>
    /// <c>{"version":V,"count":N,"recentLimit":R,"recent":[{"number":…,"firstName":…,"lastName":…},…]}</c>,
    /// newest first; built once per snapshot.
    /// </summary>
    public static SseItem<byte[]> Snapshot(StatusSnapshot snapshot, bool publicNames, int recent) =>
        snapshot.View(_snapshotEvent, (PublicNames: publicNames, Recent: recent), 0, static (s, settings, _) =>
        {
            var data = Json(json =>
            {
                json.WriteStartObject();
                json.WriteNumber("version", s.Version);
                json.WriteNumber("count", s.Count);
                json.WriteNumber("recentLimit", settings.PublicNames ? settings.Recent : 0);
                json.WriteStartArray("recent");
                if (settings.PublicNames)
                {
                    foreach (var attendant in s.Attendants.Newest(settings.Recent))
                    {
                        Attendant(json, attendant, names: true);
                    }
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return new SseItem<byte[]>(data, "snapshot")
            {
                EventId = s.Version.ToString(CultureInfo.InvariantCulture),
                ReconnectionInterval = ReconnectionInterval,
            };
        });

    /// <summary><c>{"version":V,"count":N,"attendant":{…}}</c> as a <c>registered</c> or <c>cancelled</c> event; built once per change.</summary>
    public static SseItem<byte[]> Delta(StatusDelta delta, bool publicNames) =>
        _deltaEvents.TryGetValue(delta, out var shared)
            ? shared.Value
            : _deltaEvents.GetValue(delta, d => new StrongBox<SseItem<byte[]>>(BuildDelta(d, publicNames))).Value;

    private static SseItem<byte[]> BuildDelta(StatusDelta delta, bool publicNames)
    {
        var change = delta.Change;
        var data = Json(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", change.Version);
            json.WriteNumber("count", delta.Count);
            json.WritePropertyName("attendant");
            Attendant(json, change.Attendant, publicNames);
            json.WriteEndObject();
        });
        return new SseItem<byte[]>(data, change.Kind == StatusChangeKind.Registered ? "registered" : "cancelled")
        {
            EventId = change.Version.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static void Attendant(Utf8JsonWriter json, Attendant attendant, bool names)
    {
        json.WriteStartObject();
        json.WriteNumber("number", attendant.Number);
        if (names)
        {
            json.WriteString("firstName", attendant.FirstName);
            json.WriteString("lastName", attendant.LastName);
        }

        json.WriteEndObject();
    }

    // Unindented JSON never contains a raw line break, so the data stays on one line.
    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
