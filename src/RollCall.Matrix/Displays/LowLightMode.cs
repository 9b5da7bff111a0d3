namespace RollCall.Matrix.Displays;

/// <summary>How a display is dimming, if at all.</summary>
public enum LowLightMode
{
    /// <summary>Full brightness.</summary>
    Off = 0,

    /// <summary>The Sense HAT's own low-light gamma table, selected by ioctl.</summary>
    Gamma,

    /// <summary>Pixels are dimmed before they are written, because the target has no gamma.</summary>
    Software,
}
