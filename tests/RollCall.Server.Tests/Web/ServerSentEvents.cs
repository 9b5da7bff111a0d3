using System.Net.ServerSentEvents;
using System.Text;

namespace RollCall.Server.Tests.Web;

/// <summary>One server-sent event: its id, name and data.</summary>
internal sealed record ServerSentEvent(string? Id, string Name, string Data);

/// <summary>
/// Reads <c>text/event-stream</c> with <see cref="SseParser"/>, as a browser's EventSource does
/// (comments skipped, one leading space stripped from a value), one event at a time; and keeps
/// every raw line it received, for asserting on the wire format itself.
/// </summary>
internal sealed class ServerSentEvents(Stream stream)
{
    private readonly RecordingStream _wire = new(stream);
    private IAsyncEnumerator<SseItem<string>>? _events;

    /// <summary>
    /// Every line received so far, comments and fields; the parser reads ahead, so this may run
    /// past the last event returned.
    /// </summary>
    public IReadOnlyList<string> Lines => _wire.Lines;

    /// <summary>The next event; null when the stream ends.</summary>
    public async Task<ServerSentEvent?> NextAsync(CancellationToken cancellationToken)
    {
        _events ??= SseParser.Create(_wire).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        if (!await _events.MoveNextAsync())
        {
            return null;
        }

        var item = _events.Current;
        return new ServerSentEvent(item.EventId, item.EventType, item.Data);
    }

    /// <summary>Passes reads through and splits what went by into lines.</summary>
    private sealed class RecordingStream(Stream inner) : Stream
    {
        private readonly List<string> _lines = [];
        private readonly MemoryStream _partial = new();

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Record(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            Record(buffer.AsSpan(offset, read));
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Record(ReadOnlySpan<byte> bytes)
        {
            lock (_lines)
            {
                for (var newline = bytes.IndexOf((byte)'\n'); newline >= 0; newline = bytes.IndexOf((byte)'\n'))
                {
                    _partial.Write(bytes[..newline]);
                    _lines.Add(Encoding.UTF8.GetString(_partial.GetBuffer(), 0, (int)_partial.Length).TrimEnd('\r'));
                    _partial.SetLength(0);
                    bytes = bytes[(newline + 1)..];
                }

                _partial.Write(bytes);
            }
        }
    }
}
