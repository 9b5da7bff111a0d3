using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RollCall.Matrix.Displays;

/// <summary>
/// The rpi-sense framebuffer's gamma ioctls, as the Python sense_hat library uses them. The
/// HAT maps each 5-bit channel value through a 32-entry table (values 0..31) before driving
/// the LEDs; the driver keeps a default and a low-light table.
/// </summary>
internal static partial class SenseHatGamma
{
    public const int TableLength = 32;
    public const byte MaxValue = 31;

    private const nuint GetGammaRequest = 0xF100;
    private const nuint SetGammaRequest = 0xF101;
    private const nuint ResetGammaRequest = 0xF102;
    private const nint DefaultTable = 0;
    private const nint LowLightTable = 1;

    private const int NotATypewriter = 25; // ENOTTY: the file takes no ioctls, e.g. a plain file.
    private const int InvalidArgument = 22; // EINVAL: a framebuffer that is not the Sense HAT's.

    /// <summary>Selects the driver's low-light or default table. False when the target has no gamma.</summary>
    public static bool TryReset(SafeFileHandle handle, bool lowLight) =>
        Invoke(handle, fd => IoctlValue(fd, ResetGammaRequest, lowLight ? LowLightTable : DefaultTable));

    /// <summary>The table in use, or null when the target has no gamma.</summary>
    public static byte[]? TryGet(SafeFileHandle handle)
    {
        var table = new byte[TableLength];
        return Invoke(handle, fd => IoctlBuffer(fd, GetGammaRequest, table)) ? table : null;
    }

    /// <summary>Replaces the table in use. False when the target has no gamma.</summary>
    public static bool TrySet(SafeFileHandle handle, ReadOnlySpan<byte> table)
    {
        var copy = table.ToArray();
        return Invoke(handle, fd => IoctlBuffer(fd, SetGammaRequest, copy));
    }

    private static bool Invoke(SafeFileHandle handle, Func<int, int> ioctl)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Succeeded(ioctl((int)handle.DangerousGetHandle()));
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static bool Succeeded(int result)
    {
        if (result == 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        if (error is NotATypewriter or InvalidArgument)
        {
            return false;
        }

        throw new IOException($"The Sense HAT gamma ioctl failed with errno {error}: {Marshal.GetPInvokeErrorMessage(error)}.");
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlValue(int fd, nuint request, nint argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlBuffer(int fd, nuint request, [In, Out] byte[] buffer);
}
