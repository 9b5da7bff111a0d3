using System.Globalization;

namespace RollCall.Matrix.Displays;

/// <summary>Finds the Sense HAT's framebuffer device the way the Python sense_hat library does: by its sysfs name.</summary>
internal static class FramebufferLocator
{
    /// <summary>What the rpi-sense driver calls its framebuffer in <c>/sys/class/graphics/fbN/name</c>.</summary>
    public const string SenseHatName = "RPi-Sense FB";

    public const string EnableAdvice =
        "To enable the Sense HAT, add the line dtoverlay=rpi-sense to /boot/firmware/config.txt "
        + "(or /boot/config.txt on older Raspberry Pi OS) and reboot; or give the framebuffer's path explicitly.";

    public static string Find(string sysfsGraphicsRoot, string devRoot)
    {
        var found = new List<string>();
        foreach (var (device, name) in ListFramebuffers(sysfsGraphicsRoot))
        {
            if (name == SenseHatName)
            {
                var path = Path.Combine(devRoot, device);
                if (File.Exists(path))
                {
                    return path;
                }

                throw new SenseHatNotFoundException(
                    $"The Sense HAT framebuffer is {Path.Combine(sysfsGraphicsRoot, device)}, but {path} does not exist. "
                    + "Check that /dev is mounted and that this user may open it (the 'video' group).");
            }

            found.Add($"{device} '{name}'");
        }

        var seen = found.Count == 0 ? "no framebuffers at all" : "only " + string.Join(", ", found);
        throw new SenseHatNotFoundException(
            $"No Sense HAT LED matrix found: no {Path.Combine(sysfsGraphicsRoot, "fb*", "name")} reads '{SenseHatName}' "
            + $"(found {seen}). {EnableAdvice}");
    }

    private static List<(string Device, string Name)> ListFramebuffers(string sysfsGraphicsRoot)
    {
        var framebuffers = new List<(int Number, string Device, string Name)>();
        if (!Directory.Exists(sysfsGraphicsRoot))
        {
            return [];
        }

        // Entries are symlinks to device folders, so any fbN entry with a name file counts.
        foreach (var entry in Directory.EnumerateFileSystemEntries(sysfsGraphicsRoot, "fb*"))
        {
            var device = Path.GetFileName(entry);
            if (int.TryParse(device.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && ReadName(Path.Combine(entry, "name")) is { } name)
            {
                framebuffers.Add((number, device, name));
            }
        }

        return [.. framebuffers.OrderBy(framebuffer => framebuffer.Number).Select(framebuffer => (framebuffer.Device, framebuffer.Name))];
    }

    private static string? ReadName(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
