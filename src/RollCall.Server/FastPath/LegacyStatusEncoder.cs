using System.Buffers.Text;
using System.Text;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.FastPath;

/// <summary>
/// Encodes the 2016 status once per snapshot, incrementally: the roll is append-mostly, so the
/// encoded <c>attendants</c> entries live in one growing buffer and a new snapshot only encodes
/// the attendees added since the last one. Bytes below the written length are never changed, so
/// every earlier payload stays valid without a copy; a cancellation starts a fresh buffer.
/// </summary>
public sealed class LegacyStatusEncoder
{
    private const byte EntryTag = 0x12; // AppData.attendants: field 2, length-delimited
    private const byte KeyTag = 0x0A;   // map entry key: field 1
    private const byte ValueTag = 0x12; // map entry value: field 2
    private const int MaxNumberDigits = 20;

    private static readonly SnapshotView<Task<LegacyStatusPayload>> _withNames = new();
    private static readonly SnapshotView<Task<LegacyStatusPayload>> _countOnly = new();
    private readonly Lock _gate = new();
    private AttendantRoll? _encodedRoll;
    private byte[] _buffer = [];
    private int _length;

    /// <summary>
    /// The 2016 status of <paramref name="snapshot"/> with or without <paramref name="names"/>,
    /// built on the first read and then shared.
    /// </summary>
    public Task<LegacyStatusPayload> Encode(StatusSnapshot snapshot, bool names) => names
        ? snapshot.View(_withNames, this, static (s, encoder) => Task.FromResult(encoder.Build(s)))
        : snapshot.View(_countOnly, this, static (s, _) => Task.FromResult(LegacyStatusPayload.Create(s.Count, ReadOnlyMemory<byte>.Empty)));

    private LegacyStatusPayload Build(StatusSnapshot snapshot)
    {
        var roll = snapshot.Attendants;
        lock (_gate)
        {
            if (_encodedRoll is not null && roll.StartsWith(_encodedRoll))
            {
                Append(roll, _encodedRoll.Count);
            }
            else if (_encodedRoll is not null && _encodedRoll.StartsWith(roll))
            {
                // An older snapshot read late: encode it on its own and keep the newer state.
                return LegacyStatusPayload.Create(roll.Count, EncodeAll(roll));
            }
            else
            {
                // The first read, or the roll was rebuilt (a cancellation): start over in a new
                // buffer, so that payloads already handed out keep their bytes.
                _buffer = [];
                _length = 0;
                Append(roll, 0);
            }

            _encodedRoll = roll;
            return LegacyStatusPayload.Create(roll.Count, _buffer.AsMemory(0, _length));
        }
    }

    /// <summary>The encoded entries of every attendee on <paramref name="roll"/>, in a buffer of their own.</summary>
    internal static ReadOnlyMemory<byte> EncodeAll(AttendantRoll roll)
    {
        var buffer = new byte[roll.Sum(a => EntrySize(a, out _))];
        var at = 0;
        foreach (var attendant in roll)
        {
            at += WriteEntry(buffer.AsSpan(at), attendant);
        }

        return buffer;
    }

    private void Append(AttendantRoll roll, int from)
    {
        for (var i = from; i < roll.Count; i++)
        {
            var attendant = roll[i];
            var size = EntrySize(attendant, out _);
            if (_length + size > _buffer.Length)
            {
                var grown = new byte[Math.Max(Math.Max(4096, _buffer.Length * 2), _length + size)];
                _buffer.AsSpan(0, _length).CopyTo(grown);
                _buffer = grown;
            }

            _length += WriteEntry(_buffer.AsSpan(_length), attendant);
        }
    }

    // Key: the registration number in decimal; value: "First Last", as the 2016 server showed it.
    private static int EntrySize(Attendant attendant, out int bodySize)
    {
        var keyLength = Digits(attendant.Number);
        var valueLength = Encoding.UTF8.GetByteCount(attendant.FirstName) + 1 + Encoding.UTF8.GetByteCount(attendant.LastName);
        bodySize = ProtoWire.StringFieldSize(keyLength) + ProtoWire.StringFieldSize(valueLength);
        return 1 + ProtoWire.VarintSize((uint)bodySize) + bodySize;
    }

    private static int WriteEntry(Span<byte> destination, Attendant attendant)
    {
        EntrySize(attendant, out var bodySize);
        destination[0] = EntryTag;
        var at = 1 + ProtoWire.WriteVarint(destination[1..], (uint)bodySize);
        Span<byte> digits = stackalloc byte[MaxNumberDigits];
        Utf8Formatter.TryFormat(attendant.Number, digits, out var keyLength);
        destination[at++] = KeyTag;
        at += ProtoWire.WriteVarint(destination[at..], (uint)keyLength);
        digits[..keyLength].CopyTo(destination[at..]);
        at += keyLength;
        at += ProtoWire.WriteStringField(destination[at..], ValueTag, attendant.FullName, Encoding.UTF8.GetByteCount(attendant.FullName));
        return at;
    }

    private static int Digits(long number)
    {
        Span<byte> digits = stackalloc byte[MaxNumberDigits];
        Utf8Formatter.TryFormat(number, digits, out var written);
        return written;
    }
}
