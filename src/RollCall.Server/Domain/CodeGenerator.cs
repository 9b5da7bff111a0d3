using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RollCall.Server.Domain;

/// <summary>
/// Draws one-time codes from the operating system's CSPRNG. By default a code is a
/// random integer in 1..2^31-1, as in 2016; with a number of digits (9..18) every code has
/// exactly that many, which makes guessing proportionally harder.
/// </summary>
public sealed class CodeGenerator
{
    /// <summary>The fewest digits a fixed-length code may have.</summary>
    public const int MinDigits = 9;

    private readonly long _min;
    private readonly long _max;

    /// <summary>Creates a generator of codes with <paramref name="digits"/> digits; 0 for 2016-style codes.</summary>
    public CodeGenerator(int digits = 0)
    {
        if (digits is not 0 and (< MinDigits or > RegistrationCode.MaxDigits))
        {
            throw new ArgumentOutOfRangeException(nameof(digits), digits, $"Codes have 0 (2016 style) or {MinDigits}..{RegistrationCode.MaxDigits} digits.");
        }

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
