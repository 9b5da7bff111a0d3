using System.Globalization;
using RollCall.Matrix.Png;

namespace RollCall.Matrix.Displays;

/// <summary>
/// Writes every frame shown as a PNG picture of the board into a folder: <c>frame-00001.png</c>,
/// <c>frame-00002.png</c>, and so on. For recording a show, and for machines with no matrix.
/// </summary>
public sealed class PngDisplay : IMatrixDisplay
{
    private readonly BoardStyle _style;

    /// <summary>Writes into <paramref name="folder"/>, creating it if needed; existing frame files are overwritten.</summary>
    public PngDisplay(string folder, BoardStyle? style = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        FolderPath = Directory.CreateDirectory(folder).FullName;
        _style = style ?? new BoardStyle();
    }

    /// <summary>The folder the frames go to.</summary>
    public string FolderPath { get; }

    /// <summary>How many frames have been written; the last one is <c>frame-{FramesWritten:D5}.png</c>.</summary>
    public int FramesWritten { get; private set; }

    /// <summary>The file name of the <paramref name="number"/>th frame, counting from 1.</summary>
    public static string FileName(int number) => string.Create(CultureInfo.InvariantCulture, $"frame-{number:D5}.png");

    /// <inheritdoc />
    public async ValueTask ShowAsync(Frame frame, CancellationToken cancellationToken = default)
    {
        var png = PngStrip.EncodeFrame(frame, _style);
        var path = Path.Combine(FolderPath, FileName(FramesWritten + 1));
        await File.WriteAllBytesAsync(path, png, cancellationToken).ConfigureAwait(false);
        FramesWritten++;
    }

    /// <inheritdoc />
    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => ShowAsync(Frame.Blank, cancellationToken);

    /// <summary>Nothing to release: each frame's file is closed as soon as it is written.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
