using System.CommandLine;

namespace RollCall.Cli;

/// <summary>
/// "Minting codes: 4,000/12,000" on stderr, redrawn in place, for long operations. It shows when
/// stderr is a terminal, or when forced with --progress; scripts reading stdout never see it.
/// </summary>
public sealed class ProgressReporter
{
    /// <summary>Forces progress on (or off with --progress false), whatever stderr is.</summary>
    public static readonly Option<bool?> Option = new("--progress")
    {
        Description = "Show progress on stderr [default: when stderr is a terminal]",
        Recursive = true,
    };

    private readonly TextWriter? _error;
    private readonly string _label;
    private readonly long _total;

    private ProgressReporter(TextWriter? error, string label, long total)
    {
        _error = error;
        _label = label;
        _total = total;
    }

    /// <summary>A reporter for <paramref name="total"/> items (0 when unknown).</summary>
    public static ProgressReporter Start(ParseResult parseResult, string label, long total)
    {
        var error = parseResult.InvocationConfiguration.Error;
        var show = parseResult.GetValue(Option) ?? (ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);
        return new ProgressReporter(show ? error : null, label, total);
    }

    /// <summary>Reports that <paramref name="done"/> items are finished.</summary>
    public void Report(long done)
    {
        if (_error is null)
        {
            return;
        }

        _error.Write(_total > 0 ? $"\r{_label}: {done:N0}/{_total:N0}" : $"\r{_label}: {done:N0}");
        _error.Flush();
    }

    /// <summary>Ends the progress line.</summary>
    public void Finish(long done)
    {
        Report(done);
        _error?.WriteLine();
    }
}
