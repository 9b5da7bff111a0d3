using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace RollCall.LoadClient;

/// <summary>The head of an HTTP/1.1 response, as much of it as the load client needs.</summary>
internal readonly record struct ResponseHead(int Status, long ContentLength, bool Chunked, bool Close);

/// <summary>
/// One HTTP/1.1 connection on a raw socket with one small receive buffer, so thousands of them
/// cost the load client little: no HttpClient, no per-request allocation beyond the request
/// bytes. Reads a response's head, then its body by Content-Length or chunked; bytes received
/// past the head stay in <see cref="Pending"/>.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private readonly Socket _socket;
    private byte[] _buffer;
    private int _start;
    private int _end;

    private Http1Connection(Socket socket, int bufferSize)
    {
        _socket = socket;
        _buffer = new byte[bufferSize];
    }

    /// <summary>The bytes received and not yet consumed.</summary>
    public ReadOnlySpan<byte> Pending => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Connects to the host and port of <paramref name="server"/>.</summary>
    public static async Task<Http1Connection> OpenAsync(Uri server, int bufferSize, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
            return new Http1Connection(socket, bufferSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The Host header's value for <paramref name="server"/>.</summary>
    public static string Host(Uri server) => server.IsDefaultPort ? server.Host : $"{server.Host}:{server.Port}";

    /// <summary>Sends all of <paramref name="bytes"/>.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (bytes.Length > 0)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Marks <paramref name="count"/> pending bytes as read.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Receives more bytes after the pending ones; 0 when the server closed the connection.</summary>
    public async ValueTask<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_end == _buffer.Length)
        {
            MakeRoom();
        }

        var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        _end += received;
        return received;
    }

    /// <summary>Reads up to the blank line that ends a response's head, and parses it.</summary>
    /// <exception cref="IOException">The connection closed first.</exception>
    /// <exception cref="InvalidDataException">The head is not HTTP/1.1 or larger than 64 KB.</exception>
    public async ValueTask<ResponseHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTakeHead(out var head))
            {
                return head;
            }

            if (await ReceiveAsync(cancellationToken) == 0)
            {
                throw new IOException("The server closed the connection before the response's head.");
            }
        }
    }

    /// <summary>
    /// Reads the body that follows <paramref name="head"/> to its end and returns its length in
    /// data bytes; its first bytes are copied into <paramref name="sample"/> (as many as fit).
    /// </summary>
    public async ValueTask<long> ReadBodyAsync(ResponseHead head, ChunkedDecoder chunked, byte[] sample, CancellationToken cancellationToken)
    {
        long length = 0;
        if (head.Chunked)
        {
            chunked.Reset();
            while (true)
            {
                length += TakeChunked(chunked, sample, length);
                if (chunked.Done)
                {
                    return length;
                }

                if (await ReceiveAsync(cancellationToken) == 0)
                {
                    throw new IOException("The server closed the connection inside a chunked body.");
                }
            }
        }

        // Without Content-Length or chunking a response would run to the connection's end; Kestrel
        // never answers so on a kept-alive connection, so that counts as no body.
        var remaining = Math.Max(0, head.ContentLength);
        while (remaining > 0)
        {
            if (_start == _end && await ReceiveAsync(cancellationToken) == 0)
            {
                throw new IOException("The server closed the connection inside a body.");
            }

            var take = (int)Math.Min(remaining, _end - _start);
            CopySample(_buffer.AsSpan(_start, take), sample, length);
            Consume(take);
            remaining -= take;
            length += take;
        }

        return length;
    }

    public void Dispose() => _socket.Dispose();

    private int TakeChunked(ChunkedDecoder chunked, byte[] sample, long before)
    {
        var input = Pending;
        var total = 0;
        while (chunked.TryNext(ref input, out var data))
        {
            CopySample(data, sample, before + total);
            total += data.Length;
        }

        Consume(_end - _start - input.Length);
        return total;
    }

    private static void CopySample(ReadOnlySpan<byte> data, byte[] sample, long offset)
    {
        if (offset < sample.Length)
        {
            var take = (int)Math.Min(data.Length, sample.Length - offset);
            data[..take].CopyTo(sample.AsSpan((int)offset));
        }
    }

    private bool TryTakeHead(out ResponseHead head)
    {
        var pending = Pending;
        var end = pending.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            if (pending.Length >= MaxHeadBytes)
            {
                throw new InvalidDataException("A response head larger than 64 KB.");
            }

            head = default;
            return false;
        }

        head = Parse(pending[..end]);
        Consume(end + 4);
        return true;
    }

    // Moves pending bytes to the front; a buffer still full (a head larger than it) doubles.
    private void MakeRoom()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxHeadBytes * 2));
        }
    }

    private static ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        // HTTP/1.1 200 OK
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(head[9..12], out int status, out _))
        {
            throw new InvalidDataException("Not an HTTP/1.x response.");
        }

        long contentLength = -1;
        bool chunked = false, close = head[7] == '0';
        var rest = head[(head.IndexOf((byte)'\n') + 1)..];
        while (rest.Length > 0)
        {
            var lineEnd = rest.IndexOf((byte)'\n');
            var line = lineEnd < 0 ? rest : rest[..lineEnd];
            rest = lineEnd < 0 ? default : rest[(lineEnd + 1)..];
            line = line.TrimEnd((byte)'\r');
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                _ = Utf8Parser.TryParse(value, out contentLength, out _);
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8);
            }
        }

        return new ResponseHead(status, contentLength, chunked, close);
    }
}
