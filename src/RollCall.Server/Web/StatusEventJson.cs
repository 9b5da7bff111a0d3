using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Web;

/// <summary>
/// The server-sent events of <c>GET /events</c>, each ready to write:
/// <c>id: VERSION</c>, <c>event: snapshot|registered|cancelled</c> and one line of JSON data.
/// Names are JSON-encoded (with <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quotes escaped), and the
/// page puts them into the document as text only.
/// </summary>
internal static class StatusEventJson
{
    private static readonly SnapshotView<byte[]> _snapshotEvent = new();

    /// <summary>
    /// <c>{"version":V,"count":N,"recentLimit":R,"recent":[{"number":…,"firstName":…,"lastName":…},…]}</c>,
    /// newest first; built once per snapshot and shared by every connection.
    /// </summary>
    public static byte[] Snapshot(StatusSnapshot snapshot, bool publicNames, int recent) =>
        snapshot.View(_snapshotEvent, s => Event(s.Version, "snapshot", json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", s.Version);
            json.WriteNumber("count", s.Count);
            json.WriteNumber("recentLimit", publicNames ? recent : 0);
            json.WriteStartArray("recent");
            if (publicNames)
            {
                foreach (var attendant in s.Attendants.Newest(recent))
                {
                    Attendant(json, attendant, names: true);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }));

    /// <summary><c>{"version":V,"count":N,"attendant":{…}}</c> as a <c>registered</c> or <c>cancelled</c> event.</summary>
    public static byte[] Delta(StatusDelta delta, bool publicNames)
    {
        var change = delta.Change;
        var name = change.Kind == StatusChangeKind.Registered ? "registered" : "cancelled";
        return Event(change.Version, name, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", change.Version);
            json.WriteNumber("count", delta.Count);
            json.WritePropertyName("attendant");
            Attendant(json, change.Attendant, publicNames);
            json.WriteEndObject();
        });
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

    private static byte[] Event(long version, string name, Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Append(buffer, string.Create(CultureInfo.InvariantCulture, $"id: {version}\nevent: {name}\ndata: "));
        // Unindented JSON never contains a raw line break, so the data stays on one line.
        using (var json = new Utf8JsonWriter(buffer))
        {
            data(json);
        }

        Append(buffer, "\n\n");
        return buffer.WrittenSpan.ToArray();
    }

    private static void Append(ArrayBufferWriter<byte> buffer, string text) => buffer.Write(Encoding.UTF8.GetBytes(text));
}
