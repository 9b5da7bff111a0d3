using System.CommandLine;
using RollCall.Cli.Monitor;
using RollCall.Matrix;

namespace RollCall.Cli.Commands;

/// <summary>
/// <c>rollcall monitor</c>: the Raspberry Pi client. Shows the live attendance on a Sense HAT's
/// LED matrix (or in the terminal, or as PNG files) until stopped, as the 2016 Pi did by polling.
/// </summary>
public static class MonitorCommand
{
    /// <summary>The default time per column of a scroll: sense_hat's <c>show_message</c> default.</summary>
    public const double DefaultScrollSpeed = 0.1;

    /// <summary>The default interval between polls of the 2016 <c>GetStatus</c>.</summary>
    public const double DefaultPollInterval = 5;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var display = new Option<string?>("--display")
        {
            Description = "Where to show the matrix [default: sensehat when the Sense HAT framebuffer exists, otherwise terminal]",
        };
        display.AcceptOnlyFromAmong("sensehat", "terminal", "png");
        var framebuffer = new Option<string?>("--framebuffer")
        {
            Description = "Write the Sense HAT's 128-byte frames to this device or file instead of finding /dev/fbN",
            HelpName = "PATH",
        };
        var rotation = new Option<int>("--rotation") { Description = "How the matrix is mounted, in degrees clockwise" };
        rotation.AcceptOnlyFromAmong("0", "90", "180", "270");
        var lowLight = new Option<bool>("--low-light") { Description = "Dim the matrix (the Sense HAT's low-light gamma)" };
        var scrollSpeed = PositiveSeconds("--scroll-speed", "Seconds each column of a scroll stays", DefaultScrollSpeed, 10);
        var pollInterval = PositiveSeconds("--poll-interval", "Seconds between polls of the 2016 GetStatus, when the server has no WatchStatus", DefaultPollInterval, 3600);
        var pngOut = new Option<string?>("--png-out") { Description = "The folder for --display png: frame-NNNNN.png per frame and strip.png at the end", HelpName = "DIR" };
        var eventOption = EventCommand.EventOption();
        eventOption.Description = "Show this event only [default: follow the current event, switching when the organizer switches]";
        var rounds = new Option<int>("--rounds") { Description = "Stop after this many rounds of the show (0: run until stopped)", HelpName = "N" };
        rounds.Validators.Add(result =>
        {
            if (result.GetValue(rounds) < 0)
            {
                result.AddError("--rounds must be 0 or more.");
            }
        });

        var command = new Command(
            "monitor",
            """
            Show the live attendance on a Sense HAT LED matrix (or the terminal, or PNG files) until stopped.
            Scrolls "Attendants: N :-)", shows the gopher and the heart, welcomes each new attendee,
            and shows an offline icon while the server cannot be reached.
            """)
        {
            display, framebuffer, rotation, lowLight, scrollSpeed, pollInterval, pngOut, rounds, eventOption,
        };
        command.Validators.Add(result =>
        {
            var kind = result.GetValue(display);
            if (result.GetValue(framebuffer) is not null && kind is "terminal" or "png")
            {
                result.AddError("--framebuffer is for --display sensehat.");
            }

            if (kind == "png" && string.IsNullOrWhiteSpace(result.GetValue(pngOut)))
            {
                result.AddError("--display png needs --png-out DIR.");
            }

            if (result.GetValue(pngOut) is not null && kind is "terminal" or "sensehat")
            {
                result.AddError("--png-out is for --display png.");
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var settings = new MonitorSettings
                {
                    Server = ParseServer(parseResult.GetValue(CommonOptions.Server)!),
                    Display = ChooseDisplay(parseResult.GetValue(display), parseResult.GetValue(framebuffer), parseResult.GetValue(pngOut)),
                    Framebuffer = parseResult.GetValue(framebuffer),
                    PngFolder = parseResult.GetValue(pngOut),
                    Rotation = FrameTransforms.RotationFromDegrees(parseResult.GetValue(rotation)),
                    LowLight = parseResult.GetValue(lowLight),
                    ScrollStep = TimeSpan.FromSeconds(parseResult.GetValue(scrollSpeed)),
                    PollInterval = TimeSpan.FromSeconds(parseResult.GetValue(pollInterval)),
                    Rounds = parseResult.GetValue(rounds),
                    Event = parseResult.GetValue(eventOption) ?? string.Empty,
                };
                var configuration = parseResult.InvocationConfiguration;
                return await MonitorSession.RunAsync(settings, configuration.Output, configuration.Error, cancellationToken);
            }
            catch (CliException exception)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("rollcall: " + exception.Message);
                return exception.ExitCode;
            }
        });
        return command;
    }

    private static Option<double> PositiveSeconds(string name, string description, double defaultValue, double maximum)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "SECONDS" };
        option.Validators.Add(result =>
        {
            var value = result.GetValue(option);
            if (!double.IsFinite(value) || value < 0.001 || value > maximum)
            {
                result.AddError($"{name} must be between 0.001 and {maximum} seconds.");
            }
        });
        return option;
    }

    private static MonitorDisplayKind ChooseDisplay(string? display, string? framebuffer, string? pngOut) => display switch
    {
        "sensehat" => MonitorDisplayKind.SenseHat,
        "terminal" => MonitorDisplayKind.Terminal,
        "png" => MonitorDisplayKind.Png,
        _ when framebuffer is not null => MonitorDisplayKind.SenseHat,
        _ when pngOut is not null => MonitorDisplayKind.Png,
        _ => MonitorDisplays.Detect(),
    };

    private static Uri ParseServer(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException(ExitCodes.Failure, $"--server must be an http:// or https:// URL, not '{address}'.");
        }

        return uri;
    }
}
