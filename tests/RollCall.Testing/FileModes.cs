using Xunit;

namespace RollCall.Testing;

/// <summary>File modes as tests see them, and the umask files are created under.</summary>
public static class FileModes
{
    /// <summary>rw------- (0600).</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------ (0700).</summary>
    public const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>This process's umask, from <c>/proc/self/status</c>: the mask every file here is created under.</summary>
    public static int Umask()
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("Umask:", StringComparison.Ordinal));
        return Convert.ToInt32(line["Umask:".Length..].Trim(), 8);
    }

    /// <summary>Fails unless the process runs under umask 022, the usual one, which would leave new files 0644.</summary>
    public static void AssertUsualUmask() =>
        Assert.True(Umask() == Convert.ToInt32("022", 8), $"These tests assume umask 022; this process has {Convert.ToString(Umask(), 8).PadLeft(3, '0')}.");

    /// <summary>A mode as octal digits, for messages.</summary>
    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
