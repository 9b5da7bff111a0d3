using RollCall.Matrix;
using RollCall.Matrix.Displays;

namespace RollCall.Cli.Monitor;

/// <summary>
/// The matrix drawn in the terminal, with room for the monitor's own lines: a line is printed
/// above the board (the drawing is erased, the line written, the board drawn again below it), so
/// printing never tears the picture that <see cref="TerminalDisplay"/> redraws in place.
/// </summary>
internal sealed class TerminalBoard : IMatrixDisplay
{
    private readonly TextWriter _writer;
    private readonly TerminalDisplayOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TerminalDisplay _display;
    private Frame? _last;

    /// <summary>Draws on <paramref name="writer"/> (the command's standard output).</summary>
    public TerminalBoard(TextWriter writer, TerminalDisplayOptions options)
    {
        _writer = writer;
        _options = options;
        _display = new TerminalDisplay(writer, options);
    }

    /// <inheritdoc />
    public async ValueTask ShowAsync(Frame frame, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _display.ShowAsync(frame, cancellationToken).ConfigureAwait(false);
            _last = frame;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => ShowAsync(Frame.Blank, cancellationToken);

    /// <summary>Writes <paramref name="line"/> to <paramref name="writer"/> above the board and redraws the board under it.</summary>
    public async Task WriteLineAboveAsync(TextWriter writer, string line)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // Disposing a TerminalDisplay erases its drawing; a fresh one draws below the new line.
            await _display.DisposeAsync().ConfigureAwait(false);
            await writer.WriteLineAsync(line).ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
            _display = new TerminalDisplay(_writer, _options);
            if (_last is not null)
            {
                await _display.ShowAsync(_last).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Erases the board and shows the cursor again.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _display.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }
}
