using System.Text;

namespace RollCall.Server.FastPath;

/// <summary>The few protobuf wire-format primitives that pre-encoded responses need.</summary>
internal static class ProtoWire
{
    /// <summary>How many bytes <paramref name="value"/> takes as a varint.</summary>
    public static int VarintSize(uint value) => value switch
    {
        < 1u << 7 => 1,
        < 1u << 14 => 2,
        < 1u << 21 => 3,
        < 1u << 28 => 4,
        _ => 5,
    };

    /// <summary>Writes <paramref name="value"/> as a varint; returns the bytes written.</summary>
    public static int WriteVarint(Span<byte> destination, uint value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }

    /// <summary>The size of a length-delimited string field with a one-byte tag.</summary>
    public static int StringFieldSize(int utf8Length) => 1 + VarintSize((uint)utf8Length) + utf8Length;

    /// <summary>Writes a length-delimited string field with a one-byte tag; returns the bytes written.</summary>
    public static int WriteStringField(Span<byte> destination, byte tag, string value, int utf8Length)
    {
        destination[0] = tag;
        var at = 1 + WriteVarint(destination[1..], (uint)utf8Length);
        return at + Encoding.UTF8.GetBytes(value, destination[at..]);
    }
}
