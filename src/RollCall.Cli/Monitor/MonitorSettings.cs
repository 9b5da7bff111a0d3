using RollCall.Matrix;

namespace RollCall.Cli.Monitor;

/// <summary>Where the monitor shows the matrix.</summary>
internal enum MonitorDisplayKind
{
    /// <summary>The Sense HAT's framebuffer, found by name or given with --framebuffer.</summary>
    SenseHat,

    /// <summary>24-bit colour blocks in the terminal.</summary>
    Terminal,

    /// <summary>One PNG per frame in a folder, and a strip of them at the end.</summary>
    Png,
}

/// <summary>What <c>rollcall monitor</c> was asked to do, checked and converted from its options.</summary>
internal sealed record MonitorSettings
{
    /// <summary>The server's gRPC address.</summary>
    public required Uri Server { get; init; }

    /// <summary>Where to show the matrix.</summary>
    public required MonitorDisplayKind Display { get; init; }

    /// <summary>The framebuffer file or device; null to find the Sense HAT's.</summary>
    public string? Framebuffer { get; init; }

    /// <summary>The folder for PNG frames and the strip.</summary>
    public string? PngFolder { get; init; }

    /// <summary>How the matrix is mounted.</summary>
    public Rotation Rotation { get; init; }

    /// <summary>Dim the matrix.</summary>
    public bool LowLight { get; init; }

    /// <summary>How long each column of a scroll stays.</summary>
    public TimeSpan ScrollStep { get; init; } = TimeSpan.FromSeconds(0.1);

    /// <summary>How often the 2016 <c>GetStatus</c> is polled when <c>WatchStatus</c> is not offered.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Stop after this many rounds of the show; 0 runs until stopped.</summary>
    public int Rounds { get; init; }

    /// <summary>The event to show, by slug; empty follows the current event.</summary>
    public string Event { get; init; } = string.Empty;
}
