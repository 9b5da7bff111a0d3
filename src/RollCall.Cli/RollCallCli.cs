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
              rollcall code --count 50 --label speakers
              rollcall register --first Ada --last Lovelace --code 979509393
              rollcall status
              rollcall admin codes --state outstanding --label speakers
              rollcall admin create-token --name door-laptop
            """)
        {
            CodeCommand.Create(),
            StatusCommand.Create(),
            RegisterCommand.Create(),
            AdminCommand.Create(),
        };
        CommonOptions.AddTo(root);
        return root;
    }
}
