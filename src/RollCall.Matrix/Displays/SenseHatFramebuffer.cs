using Microsoft.Win32.SafeHandles;

namespace RollCall.Matrix.Displays;

/// <summary>
/// The Raspberry Pi Sense HAT's 8x8 LED matrix, written through its Linux framebuffer
/// (<c>/dev/fbN</c>, from the rpi-sense driver) just as the Python sense_hat library does.
/// </summary>
/// <remarks>
/// Each frame is 128 bytes at offset 0: 64 pixels row-major, each RGB565
/// (<c>(r &gt;&gt; 3) &lt;&lt; 11 | (g &gt;&gt; 2) &lt;&lt; 5 | b &gt;&gt; 3</c>) little-endian. Pointed at a plain
/// file, it writes the same bytes, which is how tests and dry runs see exactly what the HAT would
/// get. Not thread-safe: one caller drives it.
/// </remarks>
public sealed class SenseHatFramebuffer : IMatrixDisplay
{
    /// <summary>Bytes in one frame: 64 pixels of 2 bytes.</summary>
    public const int FrameLength = Frame.PixelCount * 2;

    private readonly SafeFileHandle _handle;
    private readonly bool _clearOnDispose;
    private readonly byte[] _buffer = new byte[FrameLength];
    private bool _gammaChanged;
    private bool _disposed;

    private SenseHatFramebuffer(string path, SafeFileHandle handle, SenseHatFramebufferOptions options)
    {
        DevicePath = path;
        _handle = handle;
        _clearOnDispose = options.ClearOnDispose;
        Rotation = options.Rotation;
    }

    /// <summary>The framebuffer being written, e.g. <c>/dev/fb1</c>.</summary>
    public string DevicePath { get; }

    /// <summary>How the matrix is mounted; applied to every frame shown from now on, like sense_hat's <c>set_rotation</c>.</summary>
    public Rotation Rotation { get; set; }

    /// <summary>How the display is dimming: by the HAT's gamma, in software (plain files), or not at all.</summary>
    public LowLightMode LowLightMode { get; private set; }

    /// <summary>
    /// Opens the framebuffer at <see cref="SenseHatFramebufferOptions.Path"/>, or finds the Sense
    /// HAT's: the <c>fbN</c> under <see cref="SenseHatFramebufferOptions.SysfsGraphicsRoot"/> whose
    /// <c>name</c> reads <c>RPi-Sense FB</c>.
    /// </summary>
    /// <exception cref="SenseHatNotFoundException">No path was given and no Sense HAT framebuffer exists.</exception>
    /// <exception cref="UnauthorizedAccessException">The framebuffer may not be written by this user.</exception>
    public static SenseHatFramebuffer Open(SenseHatFramebufferOptions? options = null)
    {
        options ??= new SenseHatFramebufferOptions();
        var path = options.Path ?? FindDevicePath(options.SysfsGraphicsRoot, options.DevRoot);

        // A detected device must already exist; an explicit path may be a plain file to create.
        var mode = options.Path is null ? FileMode.Open : FileMode.OpenOrCreate;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, mode, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new UnauthorizedAccessException(
                $"Cannot open {path} for writing. A Sense HAT framebuffer belongs to the 'video' group: "
                + "add this user to it (sudo usermod -aG video $USER) and log in again.",
                exception);
        }

        var display = new SenseHatFramebuffer(path, handle, options);
        try
        {
            if (options.LowLight)
            {
                display.SetLowLight(true);
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return display;
    }

    /// <summary>
    /// The Sense HAT's framebuffer device: <c>{devRoot}/fbN</c> for the <c>fbN</c> under
    /// <paramref name="sysfsGraphicsRoot"/> whose <c>name</c> reads <c>RPi-Sense FB</c>.
    /// </summary>
    /// <exception cref="SenseHatNotFoundException">
    /// There is none; the message lists what was found and says to add <c>dtoverlay=rpi-sense</c>
    /// to the boot config and reboot.
    /// </exception>
    public static string FindDevicePath(string sysfsGraphicsRoot = "/sys/class/graphics", string devRoot = "/dev")
    {
        ArgumentNullException.ThrowIfNull(sysfsGraphicsRoot);
        ArgumentNullException.ThrowIfNull(devRoot);
        return FramebufferLocator.Find(sysfsGraphicsRoot, devRoot);
    }

    /// <summary>
    /// The 128 bytes the framebuffer holds for <paramref name="frame"/>, turned by
    /// <paramref name="rotation"/>: RGB565 little-endian, row-major.
    /// </summary>
    public static byte[] Encode(Frame frame, Rotation rotation = Rotation.None)
    {
        var bytes = new byte[FrameLength];
        Encode(frame, rotation, bytes);
        return bytes;
    }

    /// <summary>
    /// Switches low-light mode: the HAT's low-light gamma table where the target takes the gamma
    /// ioctl, otherwise the pixels are dimmed (<see cref="FrameTransforms.LowLight"/>) before writing.
    /// Takes effect from the next frame shown.
    /// </summary>
    public void SetLowLight(bool enabled)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (SenseHatGamma.TryReset(_handle, enabled))
        {
            _gammaChanged = true;
            LowLightMode = enabled ? LowLightMode.Gamma : LowLightMode.Off;
        }
        else
        {
            LowLightMode = enabled ? LowLightMode.Software : LowLightMode.Off;
        }
    }

    /// <summary>The HAT's gamma table (32 values, 0..31), or null when the target has none (a plain file).</summary>
    public IReadOnlyList<byte>? ReadGamma()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return SenseHatGamma.TryGet(_handle);
    }

    /// <summary>Replaces the HAT's gamma table with 32 values of 0..31; replaces low light too.</summary>
    /// <exception cref="NotSupportedException">The target has no gamma (a plain file).</exception>
    public void WriteGamma(ReadOnlySpan<byte> table)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (table.Length != SenseHatGamma.TableLength || table.ContainsAnyExceptInRange((byte)0, SenseHatGamma.MaxValue))
        {
            throw new ArgumentException($"A gamma table is {SenseHatGamma.TableLength} values of 0..{SenseHatGamma.MaxValue}.", nameof(table));
        }

        if (!SenseHatGamma.TrySet(_handle, table))
        {
            throw new NotSupportedException($"{DevicePath} has no gamma table; it is not a Sense HAT framebuffer.");
        }

        _gammaChanged = true;
        LowLightMode = LowLightMode.Off;
    }

    /// <inheritdoc />
    public ValueTask ShowAsync(Frame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        Write(LowLightMode == LowLightMode.Software ? frame.LowLight() : frame);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => ShowAsync(Frame.Blank, cancellationToken);

    /// <summary>Turns the LEDs off (unless told not to), puts back the default gamma if it was changed, and closes the file.</summary>
    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            if (_clearOnDispose)
            {
                Write(Frame.Blank);
            }

            if (_gammaChanged)
            {
                SenseHatGamma.TryReset(_handle, lowLight: false);
            }
        }
        finally
        {
            _disposed = true;
            _handle.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static void Encode(Frame frame, Rotation rotation, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var pixels = frame.Rotate(rotation).Pixels;
        for (var i = 0; i < pixels.Length; i++)
        {
            var packed = pixels[i].ToRgb565();
            destination[i * 2] = (byte)packed;
            destination[(i * 2) + 1] = (byte)(packed >> 8);
        }
    }

    private void Write(Frame frame)
    {
        Encode(frame, Rotation, _buffer);

        // A positioned write is the seek-to-0, write, flush of sense_hat in one call: there is no
        // user-space buffer to flush, and every frame lands at offset 0, so a plain file stays 128 bytes.
        RandomAccess.Write(_handle, _buffer, fileOffset: 0);
    }
}
