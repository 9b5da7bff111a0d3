using System.Buffers.Text;
using System.Diagnostics;
using System.Text;

namespace RollCall.LoadClient;

/// <summary>
/// One open <c>GET /events</c> page: an HTTP/1.1 connection reading server-sent events. Keeps
/// only the first bytes of each line, enough for <c>event:</c>, <c>id:</c> and the start of
/// <c>data:</c> (<c>{"version":V,"count":N,"attendant":{"number":M</c>), and reports each
/// complete event to its <see cref="SseFanOut"/> with the time its bytes arrived.
/// </summary>
internal sealed class SsePage(Http1Connection connection, SseFanOut fanOut)
{
    // "data: {"version":" + 19 digits + ","count":" + 19 digits + ","attendant":{"number":" + 19 digits fits.
    private const int KeptLineBytes = 160;
    private readonly ChunkedDecoder _chunked = new();
    private readonly byte[] _line = new byte[KeptLineBytes];
    private int _lineLength;
    private bool _isChunked;
    private EventKind _event;
    private long _id = -1;
    private long _version = -1;
    private long _number = -1;
    private long _lastVersion = -1;

    private enum EventKind
    {
        None,
        Snapshot,
        Registered,
        Other,
    }

    /// <summary>The page has received its snapshot: the stream is open.</summary>
    public bool Opened { get; private set; }

    /// <summary>Sends the request and reads the answer's head; false when it is not 200 (counted on the fan-out).</summary>
    public async Task<bool> StartAsync(Uri web, CancellationToken cancellationToken)
    {
        var request = Encoding.ASCII.GetBytes($"GET /events HTTP/1.1\r\nHost: {Http1Connection.Host(web)}\r\nAccept: text/event-stream\r\n\r\n");
        await connection.SendAsync(request, cancellationToken);
        var head = await connection.ReadHeadAsync(cancellationToken);
        if (head.Status != 200)
        {
            fanOut.Refused(head.Status);
            return false;
        }

        _isChunked = head.Chunked;
        _chunked.Reset();
        Take(Stopwatch.GetTimestamp());
        return true;
    }

    /// <summary>Waits for the next bytes and handles them; false when the server closed the stream.</summary>
    public async ValueTask<bool> ReceiveAsync()
    {
        // No cancellation token: registering one per receive costs, and closing the socket ends the wait.
        if (await connection.ReceiveAsync(CancellationToken.None) == 0)
        {
            return false;
        }

        Take(Stopwatch.GetTimestamp());
        return true;
    }

    public void Close() => connection.Dispose();

    private void Take(long arrived)
    {
        var input = connection.Pending;
        var length = input.Length;
        if (!_isChunked)
        {
            Lines(input, arrived);
        }
        else
        {
            while (_chunked.TryNext(ref input, out var data))
            {
                Lines(data, arrived);
            }
        }

        connection.Consume(length);
    }

    private void Lines(ReadOnlySpan<byte> data, long arrived)
    {
        while (data.Length > 0)
        {
            var end = data.IndexOf((byte)'\n');
            var part = end < 0 ? data : data[..end];
            var room = KeptLineBytes - _lineLength;
            if (room > 0)
            {
                var take = Math.Min(room, part.Length);
                part[..take].CopyTo(_line.AsSpan(_lineLength));
                _lineLength += take;
            }

            if (end < 0)
            {
                return;
            }

            Line(_line.AsSpan(0, _lineLength).TrimEnd((byte)'\r'), arrived);
            _lineLength = 0;
            data = data[(end + 1)..];
        }
    }

    private void Line(ReadOnlySpan<byte> line, long arrived)
    {
        if (line.IsEmpty)
        {
            Dispatch(arrived);
        }
        else if (line.StartsWith("event:"u8))
        {
            var name = Value(line[6..]);
            _event = name.SequenceEqual("registered"u8) ? EventKind.Registered
                : name.SequenceEqual("snapshot"u8) ? EventKind.Snapshot
                : EventKind.Other;
        }
        else if (line.StartsWith("id:"u8))
        {
            _id = Utf8Parser.TryParse(Value(line[3..]), out long id, out _) ? id : -1;
        }
        else if (line.StartsWith("data:"u8))
        {
            var data = Value(line[5..]);
            _version = NumberAfter(data, "\"version\":"u8);
            _number = NumberAfter(data, "\"number\":"u8);
        }

        // Comments (": heartbeat"), retry: and anything else are not needed.
    }

    private void Dispatch(long arrived)
    {
        switch (_event)
        {
            case EventKind.Snapshot:
                _lastVersion = _version >= 0 ? _version : _id;
                Opened = true;
                fanOut.Opened();
                break;
            case EventKind.Registered:
                var version = _version >= 0 ? _version : _id;
                if (version <= _lastVersion || (_id >= 0 && _id != version))
                {
                    // A repeated, out-of-order or mislabelled event: the page would show a wrong count.
                    fanOut.OutOfOrder();
                }
                else
                {
                    _lastVersion = version;
                    fanOut.Arrived(_number, version, arrived);
                }

                break;
            default:
                break;
        }

        _event = EventKind.None;
        _id = _version = _number = -1;
    }

    // "event: x" and "event:x" mean the same; one space after the colon is part of the syntax.
    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> value) => value.Length > 0 && value[0] == ' ' ? value[1..] : value;

    private static long NumberAfter(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var at = json.IndexOf(name);
        return at >= 0 && Utf8Parser.TryParse(json[(at + name.Length)..], out long value, out _) ? value : -1;
    }
}
