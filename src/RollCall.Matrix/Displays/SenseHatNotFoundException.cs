namespace RollCall.Matrix.Displays;

/// <summary>
/// No Sense HAT LED framebuffer could be found. The message says where it looked and how to
/// enable the HAT, so a command line can print it as it is.
/// </summary>
public sealed class SenseHatNotFoundException : IOException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public SenseHatNotFoundException()
        : base("No Sense HAT LED framebuffer was found.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SenseHatNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SenseHatNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
