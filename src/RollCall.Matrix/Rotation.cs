namespace RollCall.Matrix;

/// <summary>
/// How far the picture is turned clockwise on the physical matrix, as the Python sense_hat
/// <c>set_rotation</c> does, for a Raspberry Pi mounted on its side or upside down.
/// </summary>
public enum Rotation
{
    /// <summary>As drawn: the top row is the edge away from the HDMI port on a Sense HAT.</summary>
    None = 0,

    /// <summary>Turned a quarter clockwise: the top-left pixel shows top-right.</summary>
    Clockwise90 = 90,

    /// <summary>Upside down: the top-left pixel shows bottom-right.</summary>
    Clockwise180 = 180,

    /// <summary>Turned three quarters clockwise: the top-left pixel shows bottom-left.</summary>
    Clockwise270 = 270,
}
