namespace RollCall.LoadClient;

/// <summary>
/// Takes an HTTP/1.1 chunked body apart as it arrives, in pieces of any size: hands out the data
/// and skips the size lines, extensions and trailers. One per connection; no allocation.
/// </summary>
internal sealed class ChunkedDecoder
{
    private State _state;
    private long _size;
    private bool _lineEmpty;

    private enum State
    {
        Size,
        Extension,
        Data,
        DataEnd,
        Trailer,
        Done,
    }

    /// <summary>The last chunk and the trailers have been read.</summary>
    public bool Done => _state == State.Done;

    /// <summary>Starts a new body.</summary>
    public void Reset()
    {
        _state = State.Size;
        _size = 0;
    }

    /// <summary>
    /// The next piece of data in <paramref name="input"/>, which is advanced past it; false when
    /// <paramref name="input"/> holds no more data (it is then consumed, or the body is done).
    /// </summary>
    /// <exception cref="InvalidDataException">The body is not valid chunked encoding.</exception>
    public bool TryNext(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> data)
    {
        while (input.Length > 0 && _state != State.Done)
        {
            if (_state == State.Data)
            {
                var take = (int)Math.Min(_size, input.Length);
                data = input[..take];
                input = input[take..];
                _size -= take;
                if (_size == 0)
                {
                    _state = State.DataEnd;
                }

                return true;
            }

            Step(input[0]);
            input = input[1..];
        }

        data = default;
        return false;
    }

    private void Step(byte b)
    {
        switch (_state)
        {
            case State.Size when HexValue(b) is var digit and >= 0:
                if (_size > int.MaxValue)
                {
                    throw new InvalidDataException("A chunk larger than 2 GB.");
                }

                _size = (_size * 16) + digit;
                break;
            case State.Size when b is (byte)';' or (byte)' ' or (byte)'\t':
                _state = State.Extension;
                break;
            case State.Size or State.Extension when b == '\n':
                _state = _size == 0 ? State.Trailer : State.Data;
                _lineEmpty = true;
                break;
            case State.Size when b != '\r':
                throw new InvalidDataException($"Byte 0x{b:x2} in a chunk size.");
            case State.DataEnd when b == '\n':
                Reset();
                break;
            case State.DataEnd when b != '\r':
                throw new InvalidDataException($"Byte 0x{b:x2} after a chunk's data, where CRLF belongs.");
            case State.Trailer when b == '\n':
                if (_lineEmpty)
                {
                    _state = State.Done;
                }

                _lineEmpty = true;
                break;
            case State.Trailer when b != '\r':
                _lineEmpty = false;
                break;
            default:
                // '\r' before a line end, and anything in an extension.
                break;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
