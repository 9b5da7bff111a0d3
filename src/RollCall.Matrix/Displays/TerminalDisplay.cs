using System.Globalization;
using System.Text;

namespace RollCall.Matrix.Displays;

/// <summary>
/// Draws the matrix in a terminal with 24-bit ANSI colours: each LED is two spaces on a
/// background of its colour, 8 lines of them, redrawn in place on every frame. For a Pi without
/// a Sense HAT, or a laptop. The cursor is hidden while drawing and shown again on dispose, when
/// the drawing is erased.
/// </summary>
public sealed class TerminalDisplay : IMatrixDisplay
{
    private const string Escape = "\u001b[";
    private const string HideCursor = Escape + "?25l";
    private const string ShowCursor = Escape + "?25h";
    private const string Reset = Escape + "0m";

    private readonly TextWriter _writer;
    private readonly TerminalDisplayOptions _options;
    private readonly StringBuilder _screen = new();
    private bool _drawn;
    private bool _disposed;

    /// <summary>Draws on <paramref name="writer"/>, usually <see cref="Console.Out"/>; the writer stays open after dispose.</summary>
    public TerminalDisplay(TextWriter writer, TerminalDisplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _options = options ?? new TerminalDisplayOptions();
    }

    /// <inheritdoc />
    public async ValueTask ShowAsync(Frame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var shown = frame.Rotate(_options.Rotation);
        if (_options.LowLight)
        {
            shown = shown.LowLight();
        }

        // The whole frame goes out in one write, so the terminal never shows half of it.
        _screen.Clear();
        _screen.Append(_drawn ? MoveUp(Frame.Height) : HideCursor);
        for (var y = 0; y < Frame.Height; y++)
        {
            _screen.Append('\r');
            for (var x = 0; x < Frame.Width; x++)
            {
                var colour = shown[x, y];
                AppendBackground(colour.IsOff ? _options.OffColour : colour);
                _screen.Append("  ");
            }

            _screen.Append(Reset).Append('\n');
        }

        _drawn = true;
        await _writer.WriteAsync(_screen.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => ShowAsync(Frame.Blank, cancellationToken);

    /// <summary>Erases the drawing and shows the cursor again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var goodbye = _drawn ? MoveUp(Frame.Height) + "\r" + Escape + "0J" + ShowCursor : ShowCursor;
        await _writer.WriteAsync(goodbye).ConfigureAwait(false);
        await _writer.FlushAsync().ConfigureAwait(false);
    }

    private static string MoveUp(int lines) => string.Create(CultureInfo.InvariantCulture, $"{Escape}{lines}A");

    private void AppendBackground(Rgb colour) =>
        _screen.Append(CultureInfo.InvariantCulture, $"{Escape}48;2;{colour.R};{colour.G};{colour.B}m");
}
