namespace RollCall.Matrix.Displays;

/// <summary>
/// Somewhere frames can be shown: the Sense HAT, a terminal, a folder of PNGs. A display is
/// driven by one caller at a time (usually a <see cref="Show.MatrixPlayer"/>); it is not thread-safe.
/// </summary>
public interface IMatrixDisplay : IAsyncDisposable
{
    /// <summary>Shows <paramref name="frame"/> until the next call.</summary>
    ValueTask ShowAsync(Frame frame, CancellationToken cancellationToken = default);

    /// <summary>Turns every LED off.</summary>
    ValueTask ClearAsync(CancellationToken cancellationToken = default);
}
