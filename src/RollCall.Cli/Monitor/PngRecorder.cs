using RollCall.Matrix;
using RollCall.Matrix.Displays;
using RollCall.Matrix.Png;

namespace RollCall.Cli.Monitor;

/// <summary>
/// The <c>--display png</c> sink: every frame as it would light the mounted matrix (rotated,
/// dimmed) goes to <see cref="PngDisplay"/>'s <c>frame-NNNNN.png</c> files, and on dispose the
/// frames shown so far (up to <see cref="MaxStripFrames"/>) are drawn as one <c>strip.png</c>.
/// </summary>
internal sealed class PngRecorder : IMatrixDisplay
{
    /// <summary>The name of the strip written on dispose.</summary>
    public const string StripFileName = "strip.png";

    /// <summary>Frames kept for the strip; a long run keeps its start only.</summary>
    public const int MaxStripFrames = 600;

    /// <summary>Boards per row of the strip.</summary>
    public const int StripColumns = 16;

    // Small boards, so that a whole round of the show fits a README.
    private static readonly BoardStyle _stripStyle = new() { LedSize = 8, Margin = 4, Gap = 4 };

    private readonly PngDisplay _frames;
    private readonly Rotation _rotation;
    private readonly bool _lowLight;
    private readonly List<Frame> _strip = [];

    /// <summary>Writes into <paramref name="folder"/>.</summary>
    public PngRecorder(string folder, Rotation rotation, bool lowLight)
    {
        _frames = new PngDisplay(folder);
        _rotation = rotation;
        _lowLight = lowLight;
    }

    /// <summary>The folder written to.</summary>
    public string FolderPath => _frames.FolderPath;

    /// <inheritdoc />
    public async ValueTask ShowAsync(Frame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var shown = frame.Rotate(_rotation);
        if (_lowLight)
        {
            shown = shown.LowLight();
        }

        await _frames.ShowAsync(shown, cancellationToken).ConfigureAwait(false);

        // The offline icon repeats while it waits; one board of it says as much.
        if (_strip.Count < MaxStripFrames && (_strip.Count == 0 || _strip[^1] != shown))
        {
            _strip.Add(shown);
        }
    }

    /// <summary>A PNG of a blank board is no use as a "cleared" signal, so nothing is written.</summary>
    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Writes <c>strip.png</c> of the frames shown, when there were any.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_strip.Count > 0)
        {
            await PngStrip.WriteAsync(Path.Combine(FolderPath, StripFileName), _strip, StripColumns, _stripStyle).ConfigureAwait(false);
        }

        await _frames.DisposeAsync().ConfigureAwait(false);
    }
}
