using System.CommandLine;

namespace RollCall.Cli.Tests;

/// <summary>Runs the real <c>rollcall</c> command tree in-process, capturing its output.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string commandLine)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await RollCallCli.BuildRootCommand().Parse(commandLine).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
