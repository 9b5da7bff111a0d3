using System.CommandLine;
using RollCall.Cli.Commands;

namespace RollCall.Cli;

/// <summary>Assembles the <c>rollcall</c> command from one class per subcommand.</summary>
public static class RollCallCli
{
    /// <summary>The root command with every subcommand and the shared options.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand(
            """
            rollcall talks to a RollCall server: mint one-time registration codes, register
            attendees and read the live status.

            Examples:
              rollcall event create golang-2026-12 --title "Golang Medellín, December" --language es
              rollcall code --count 50 --label speakers
              rollcall register --first Ada --last Lovelace --code 979509393
              rollcall admin codes --state outstanding --label speakers
              rollcall admin create-token --name door-laptop
              rollcall status --format json
              rollcall export --file attendees.csv
              eval "$(rollcall completion bash)"

            Exit codes: 0 ok, 1 usage or failure, 2 local file problem, 3 server unreachable,
            4 admin token missing or wrong, 5 rejected by the server, 6 rate limited.
            """)
        {
            EventCommand.Create(),
            CodeCommand.Create(),
            StatusCommand.Create(),
            RegisterCommand.Create(),
            AdminCommand.Create(),
            ExportCommand.Create(),
            MonitorCommand.Create(),
            CompletionCommand.Create(),
        };
        CommonOptions.AddTo(root);
        root.Options.Add(ProgressReporter.Option);
        return root;
    }
}
