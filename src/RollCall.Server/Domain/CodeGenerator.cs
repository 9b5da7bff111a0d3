using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RollCall.Server.Hosting;

namespace RollCall.Server.Domain;

/// <summary>
/// Draws one-time codes from the operating system's CSPRNG. By default a code is a
/// random integer in 1..2^31-1, as in 2016; with <see cref="RollCallOptions.CodeDigits"/>
/// it has exactly that many digits (9..18), which makes guessing proportionally harder.
/// </summary>
public sealed class CodeGenerator
{
    private readonly long _min;
    private readonly long _max;

    /// <summary>Creates a generator for the configured code length.</summary>
    public CodeGenerator(IOptions<RollCallOptions> options)
    {
        var digits = options.Value.CodeDigits;
        if (digits == 0)
        {
            (_min, _max) = (1, int.MaxValue);
        }
        else
        {
            _min = (long)Math.Pow(10, digits - 1);
            _max = (long)Math.Pow(10, digits) - 1;
        }
    }

    /// <summary>How many different codes this generator can draw.</summary>
    public long SpaceSize => _max - _min + 1;

    /// <summary>Draws one code, uniformly from the configured range.</summary>
    public long Next()
    {
        var span = (ulong)(_max - _min + 1);
        // Rejection sampling keeps the draw uniform: values in the last partial
        // multiple of the range would favour small codes.
        var limit = ulong.MaxValue - (ulong.MaxValue % span);
        Span<byte> bytes = stackalloc byte[8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            if (value < limit)
            {
                return _min + (long)(value % span);
            }
        }
    }
}
