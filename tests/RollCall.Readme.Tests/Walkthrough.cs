using System.Text.RegularExpressions;

namespace RollCall.Readme.Tests;

/// <summary>One step of the README's walk-through.</summary>
internal abstract record WalkthroughStep;

/// <summary>
/// A <c>sh</c> block: its text as written, and the output it shows (its <c>#</c> lines, in order).
/// </summary>
internal sealed record ShellBlock(string Script, IReadOnlyList<string> Shown) : WalkthroughStep;

/// <summary>What the reader does in a browser at this point (<c>&lt;!-- walkthrough:browser --&gt;</c>).</summary>
internal sealed record BrowserStep : WalkthroughStep;

/// <summary>
/// The walk-through in README.md: the fenced <c>sh</c> blocks and the browser step between
/// <c>&lt;!-- walkthrough:start</c> and <c>&lt;!-- walkthrough:end --&gt;</c>, in order.
/// </summary>
internal static partial class Walkthrough
{
    /// <summary>How the README writes the reader's clone in an example path.</summary>
    public const string ExampleClone = "/home/you/rollcall";

    public static List<WalkthroughStep> Read(string readme)
    {
        var steps = new List<WalkthroughStep>();
        var lines = readme.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var start = Array.FindIndex(lines, l => l.Trim().StartsWith("<!-- walkthrough:start", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, l => l.Trim().StartsWith("<!-- walkthrough:end", StringComparison.Ordinal));
        if (start < 0 || end < start)
        {
            throw new InvalidDataException("README.md has no <!-- walkthrough:start --> … <!-- walkthrough:end --> section.");
        }

        for (var i = start + 1; i < end; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("<!-- walkthrough:browser", StringComparison.Ordinal))
            {
                steps.Add(new BrowserStep());
            }
            else if (line == "```sh")
            {
                // A fence indented inside a list item: its lines carry the same indentation.
                var indent = lines[i].IndexOf('`', StringComparison.Ordinal);
                var block = new List<string>();
                for (i++; i < end && lines[i].Trim() != "```"; i++)
                {
                    block.Add(lines[i].Length >= indent && string.IsNullOrWhiteSpace(lines[i][..indent]) ? lines[i][indent..] : lines[i].TrimStart());
                }

                steps.Add(new ShellBlock(
                    string.Join('\n', block) + "\n",
                    [.. block.Where(l => l.StartsWith('#')).Select(l => l[1..].Trim())]));
            }
        }

        return steps;
    }

    /// <summary>
    /// The pattern a shown output line stands for: itself, where a number of six digits or more
    /// is any code and the example clone is the real one.
    /// </summary>
    public static Regex Pattern(string shown, string clone)
    {
        var pattern = Code().Replace(Regex.Escape(shown), @"\d+");
        return new Regex("^" + pattern.Replace(Regex.Escape(ExampleClone), Regex.Escape(clone), StringComparison.Ordinal) + "$");
    }

    [GeneratedRegex(@"\d{6,}")]
    private static partial Regex Code();
}
