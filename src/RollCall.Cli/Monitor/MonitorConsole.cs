using System.Globalization;
using System.Text;

namespace RollCall.Cli.Monitor;

/// <summary>
/// The monitor's text lines: the attendance and welcomes on standard output (as the 2016 client
/// printed its count), connection changes on standard error. Lines from the status feed and the
/// terminal board never interleave. Safe to call from any thread.
/// </summary>
internal sealed class MonitorConsole
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly TerminalBoard? _board;
    private readonly Lock _gate = new();

    /// <summary>Writes to <paramref name="output"/> and <paramref name="error"/>, above <paramref name="board"/> when the matrix is drawn in the terminal.</summary>
    public MonitorConsole(TextWriter output, TextWriter error, TerminalBoard? board = null)
    {
        _output = output;
        _error = error;
        _board = board;
    }

    /// <summary>A line about the attendance, such as <c>Attendants: 3 :-)</c>, on standard output.</summary>
    public Task StatusAsync(string line) => WriteAsync(_output, line);

    /// <summary>A line about the connection, prefixed <c>rollcall: </c>, on standard error.</summary>
    public Task NoticeAsync(string line) => WriteAsync(_error, "rollcall: " + line);

    /// <summary>
    /// <paramref name="text"/> safe for a terminal: control and format characters (escape
    /// sequences, bidirectional overrides) become U+FFFD. Names may come from a 2016 server that
    /// never validated them.
    /// </summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            builder.Append(category is UnicodeCategory.Control or UnicodeCategory.Format ? Rune.ReplacementChar : rune);
        }

        return builder.ToString();
    }

    private Task WriteAsync(TextWriter writer, string line)
    {
        if (_board is not null)
        {
            return _board.WriteLineAboveAsync(writer, line);
        }

        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }

        return Task.CompletedTask;
    }
}
