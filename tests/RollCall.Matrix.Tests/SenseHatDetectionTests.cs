using RollCall.Matrix.Displays;

namespace RollCall.Matrix.Tests;

public sealed class SenseHatDetectionTests : IDisposable
{
    private readonly TempFolder _root = new();

    private string Sysfs => Path.Combine(_root.Path, "sys", "class", "graphics");

    private string Dev => Path.Combine(_root.Path, "dev");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void TheFramebufferNamedRPiSenseFBIsFound()
    {
        AddFramebuffer("fb0", "vc4drmfb");
        AddFramebuffer("fb1", "RPi-Sense FB");

        Assert.Equal(Path.Combine(Dev, "fb1"), SenseHatFramebuffer.FindDevicePath(Sysfs, Dev));
    }

    [Fact]
    public async Task OpeningWithoutAPathWritesToTheDetectedDevice()
    {
        AddFramebuffer("fb0", "simple");
        AddFramebuffer("fb2", "RPi-Sense FB");

        await using (var display = SenseHatFramebuffer.Open(new SenseHatFramebufferOptions { SysfsGraphicsRoot = Sysfs, DevRoot = Dev, ClearOnDispose = false }))
        {
            Assert.Equal(Path.Combine(Dev, "fb2"), display.DevicePath);
            await display.ShowAsync(Sprites.Heart);
        }

        Assert.Equal(SenseHatFramebuffer.Encode(Sprites.Heart), await File.ReadAllBytesAsync(Path.Combine(Dev, "fb2")));
        Assert.Empty(await File.ReadAllBytesAsync(Path.Combine(Dev, "fb0")));
    }

    [Fact]
    public void WithoutASenseHatTheErrorSaysWhatWasSearchedAndHowToEnableIt()
    {
        AddFramebuffer("fb0", "vc4drmfb");

        var error = Assert.Throws<SenseHatNotFoundException>(() => SenseHatFramebuffer.FindDevicePath(Sysfs, Dev));

        Assert.Contains("dtoverlay=rpi-sense", error.Message, StringComparison.Ordinal);
        Assert.Contains("/boot/firmware/config.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("/boot/config.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("reboot", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Sysfs, "fb*", "name"), error.Message, StringComparison.Ordinal);
        Assert.Contains("fb0 'vc4drmfb'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNoFramebuffersAtAllOpeningFailsClearly()
    {
        var error = Assert.Throws<SenseHatNotFoundException>(
            () => SenseHatFramebuffer.Open(new SenseHatFramebufferOptions { SysfsGraphicsRoot = Sysfs, DevRoot = Dev }));

        Assert.Contains("no framebuffers at all", error.Message, StringComparison.Ordinal);
        Assert.Contains("dtoverlay=rpi-sense", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASenseHatListedInSysfsWithoutItsDeviceFileIsReported()
    {
        AddFramebuffer("fb1", "RPi-Sense FB", withDevice: false);

        var error = Assert.Throws<SenseHatNotFoundException>(() => SenseHatFramebuffer.FindDevicePath(Sysfs, Dev));

        Assert.Contains(Path.Combine(Dev, "fb1"), error.Message, StringComparison.Ordinal);
    }

    private void AddFramebuffer(string device, string name, bool withDevice = true)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Sysfs, device));
        File.WriteAllText(Path.Combine(folder.FullName, "name"), name + "\n");
        Directory.CreateDirectory(Dev);
        if (withDevice)
        {
            File.WriteAllBytes(Path.Combine(Dev, device), []);
        }
    }
}
