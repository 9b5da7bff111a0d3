using RollCall.Matrix.Displays;

namespace RollCall.Cli.Monitor;

/// <summary>Opens the display the monitor was asked for, turning every local failure into a one-line <see cref="CliException"/>.</summary>
internal static class MonitorDisplays
{
    /// <summary>
    /// The display for <c>--display</c> when it was not given: the Sense HAT when its framebuffer
    /// exists, otherwise the terminal.
    /// </summary>
    public static MonitorDisplayKind Detect()
    {
        try
        {
            SenseHatFramebuffer.FindDevicePath();
            return MonitorDisplayKind.SenseHat;
        }
        catch (SenseHatNotFoundException)
        {
            return MonitorDisplayKind.Terminal;
        }
    }

    /// <summary>Opens the display; a terminal board is returned too, so text can be printed above it.</summary>
    public static (IMatrixDisplay Display, TerminalBoard? Board) Open(MonitorSettings settings, TextWriter output)
    {
        try
        {
            switch (settings.Display)
            {
                case MonitorDisplayKind.Png:
                    return (new PngRecorder(settings.PngFolder!, settings.Rotation, settings.LowLight), null);
                case MonitorDisplayKind.Terminal:
                    var board = new TerminalBoard(output, new TerminalDisplayOptions { Rotation = settings.Rotation, LowLight = settings.LowLight });
                    return (board, board);
                default:
                    var framebuffer = SenseHatFramebuffer.Open(new SenseHatFramebufferOptions
                    {
                        Path = settings.Framebuffer,
                        Rotation = settings.Rotation,
                        LowLight = settings.LowLight,
                    });
                    return (framebuffer, null);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.LocalError, exception.Message);
        }
    }
}
