using System.Buffers;
using Grpc.Core;

namespace RollCall.Server.FastPath;

/// <summary>
/// A 2016 <c>services.StatusResponse</c> already in protobuf wire format: a few header bytes
/// (the <c>appData</c> field and the counter) followed by the encoded <c>attendants</c> map
/// entries, which several snapshots share. Writing it is a copy, not a serialisation.
/// </summary>
public sealed class LegacyStatusPayload
{
    private readonly byte[] _header;

    private LegacyStatusPayload(byte[] header, ReadOnlyMemory<byte> entries)
    {
        _header = header;
        Entries = entries;
    }

    /// <summary>The first bytes: the <c>appData</c> tag and length, then the counter.</summary>
    public ReadOnlyMemory<byte> Header => _header;

    /// <summary>The encoded map entries, each a complete field 2 of <c>AppData</c>.</summary>
    public ReadOnlyMemory<byte> Entries { get; }

    /// <summary>The size of the whole message in bytes.</summary>
    public int Length => _header.Length + Entries.Length;

    /// <summary>The status with <paramref name="counter"/> attendees and these encoded entries.</summary>
    public static LegacyStatusPayload Create(int counter, ReadOnlyMemory<byte> entries)
    {
        // StatusResponse { appData (1) = AppData { counter (1), attendants (2) } }. Field order and
        // the omitted zero counter are what Google.Protobuf writes; the tests compare the bytes.
        var counterSize = counter == 0 ? 0 : 1 + ProtoWire.VarintSize((uint)counter);
        var appDataLength = counterSize + entries.Length;
        var header = new byte[1 + ProtoWire.VarintSize((uint)appDataLength) + counterSize];
        var at = 0;
        header[at++] = 0x0A;
        at += ProtoWire.WriteVarint(header.AsSpan(at), (uint)appDataLength);
        if (counter != 0)
        {
            header[at++] = 0x08;
            ProtoWire.WriteVarint(header.AsSpan(at), (uint)counter);
        }

        return new LegacyStatusPayload(header, entries);
    }

    /// <summary>The whole message as one array (for tests and tools; the server streams it).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        _header.CopyTo(bytes, 0);
        Entries.Span.CopyTo(bytes.AsSpan(_header.Length));
        return bytes;
    }

    /// <summary>Copies the message into gRPC's response buffer.</summary>
    public void WriteTo(SerializationContext context)
    {
        context.SetPayloadLength(Length);
        var writer = context.GetBufferWriter();
        writer.Write(_header);
        writer.Write(Entries.Span);
        context.Complete();
    }
}
