using System.CommandLine;

namespace RollCall.Cli.Commands;

/// <summary><c>rollcall completion bash|zsh</c>: prints a shell completion script.</summary>
public static class CompletionCommand
{
    // Both scripts ask rollcall itself through System.CommandLine's [suggest] directive, so
    // completions always match the installed version's commands and options.
    private const string Bash = """
        # rollcall completion for bash: eval "$(rollcall completion bash)"
        _rollcall_complete() {
          local IFS=$'\n'
          COMPREPLY=($(rollcall "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null))
        }
        complete -o default -F _rollcall_complete rollcall
        """;

    private const string Zsh = """
        # rollcall completion for zsh: eval "$(rollcall completion zsh)"
        _rollcall_complete() {
          local -a completions
          completions=("${(@f)$(rollcall "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
          compadd -a completions
        }
        compdef _rollcall_complete rollcall
        """;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", """
            Print a shell completion script

            Examples:
              eval "$(rollcall completion bash)"     # in ~/.bashrc
              eval "$(rollcall completion zsh)"      # in ~/.zshrc
            """)
        { shell };
        command.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Output.WriteLine(parseResult.GetValue(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Success;
        });
        return command;
    }
}
