using System.CommandLine;
using System.Text.Json;
using RollCall.V1;

namespace RollCall.Cli.Commands;

/// <summary><c>rollcall register</c>: registers an attendee with a code.</summary>
public static class RegisterCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var first = new Option<string>("--first") { Description = "The attendee's first name", Required = true };
        var last = new Option<string>("--last") { Description = "The attendee's last name", Required = true };
        var code = new Option<string>("--code") { Description = "The one-time registration code", Required = true };
        var format = new Option<string>("--format", "--output", "-o") { Description = "Output format", DefaultValueFactory = _ => "plain" };
        format.AcceptOnlyFromAmong("plain", "json");
        var command = new Command("register", """
            Register an attendee with a one-time code

            Examples:
              rollcall register --first Ada --last Lovelace --code 979509393
              rollcall register --first Ada --last Lovelace --code 979509393 -o json
            """)
        { first, last, code, format };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var request = new RegisterRequest
                {
                    FirstName = parseResult.GetValue(first)!,
                    LastName = parseResult.GetValue(last)!,
                    Code = parseResult.GetValue(code)!,
                };
                var response = await connection.Registration.RegisterAsync(request, cancellationToken: ct);
                if (parseResult.GetValue(format) == "json")
                {
                    var attendant = response.Attendant;
                    output.WriteLine(JsonSerializer.Serialize(
                        new RegisteredRow(response.Message, attendant.Number, attendant.FirstName, attendant.LastName),
                        CliJson.Rows.RegisteredRow));
                }
                else
                {
                    output.WriteLine($"{response.Message} {response.Attendant.FirstName} {response.Attendant.LastName} is attendee #{response.Attendant.Number}.");
                }
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
