namespace RollCall.Matrix.Displays;

/// <summary>How <see cref="SenseHatFramebuffer.Open"/> finds and sets up the framebuffer.</summary>
public sealed record SenseHatFramebufferOptions
{
    /// <summary>
    /// The framebuffer to write, such as <c>/dev/fb1</c> or a plain file (which is created if
    /// missing); null to find the Sense HAT by its sysfs name.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>Where framebuffers are listed; replaceable for tests. <c>/sys/class/graphics</c> by default.</summary>
    public string SysfsGraphicsRoot { get; init; } = "/sys/class/graphics";

    /// <summary>Where the device files are; replaceable for tests. <c>/dev</c> by default.</summary>
    public string DevRoot { get; init; } = "/dev";

    /// <summary>How the matrix is mounted; frames are turned to match before they are written.</summary>
    public Rotation Rotation { get; init; }

    /// <summary>Start in low-light mode.</summary>
    public bool LowLight { get; init; }

    /// <summary>Turn the LEDs off when the display is disposed; true by default.</summary>
    public bool ClearOnDispose { get; init; } = true;
}
