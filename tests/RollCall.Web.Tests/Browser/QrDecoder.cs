using System.Diagnostics;

namespace RollCall.Web.Tests.Browser;

/// <summary>Decodes a QR code in a PNG with zbarimg (Debian's zbar-tools, installed by scripts/install-test-deps.sh).</summary>
public static class QrDecoder
{
    public const string ExecutablePath = "/usr/bin/zbarimg";

    public static async Task<string> DecodeAsync(string pngPath)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run scripts/install-test-deps.sh (it installs zbar-tools).");
        }

        var start = new ProcessStartInfo(ExecutablePath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--raw", "--quiet", "-Sdisable", "-Sqrcode.enable", pngPath })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException($"zbarimg found no QR code in {pngPath} (exit {process.ExitCode}): {error}");
    }
}
