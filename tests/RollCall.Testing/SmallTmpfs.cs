using System.Diagnostics;

namespace RollCall.Testing;

/// <summary>
/// A tmpfs of a few megabytes, mounted on a fresh folder, so a test can fill a disk for real. Needs
/// root (as in CI); the constructor says so when the mount fails. Dispose unmounts it (lazily when a
/// file is still open) and removes the folder, also after a failed test.
/// </summary>
public sealed class SmallTmpfs : IDisposable
{
    private readonly TempDirectory _mountPoint = new("rollcall-tmpfs");

    public SmallTmpfs(int megabytes)
    {
        if (Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", _mountPoint.Path) is var exit and not 0)
        {
            _mountPoint.Dispose();
            throw new InvalidOperationException($"mount -t tmpfs failed ({exit}): filling a disk needs a small tmpfs, which needs root (as in CI).");
        }
    }

    public string Path => _mountPoint.Path;

    public string File(string name) => _mountPoint.File(name);

    /// <summary>Writes <paramref name="name"/> until no space is left on the tmpfs.</summary>
    public void Fill(string name)
    {
        var chunk = new byte[64 * 1024];
        using var file = new FileStream(File(name), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // No space left on the device: full.
        }
    }

    public void Dispose()
    {
        if (Run("umount", Path) != 0)
        {
            Run("umount", "-l", Path);
        }

        _mountPoint.Dispose();
    }

    private static int Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
