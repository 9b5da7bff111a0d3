using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using RollCall.V1;

namespace RollCall.Cli.Commands;

/// <summary>
/// <c>rollcall admin</c>: the organizer's tools beyond minting. <c>codes</c> lists codes,
/// <c>revoke</c> revokes one; the token subcommands come from <see cref="AdminTokenCommands"/>.
/// </summary>
public static class AdminCommand
{
    /// <summary>Creates the command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("admin", "Organizer tools: list and revoke codes, manage admin tokens (needs the admin token)")
        {
            CreateCodes(),
            CreateRevoke(),
        };
        foreach (var tokenCommand in AdminTokenCommands.Create())
        {
            command.Subcommands.Add(tokenCommand);
        }

        return command;
    }

    private static Command CreateCodes()
    {
        var state = new Option<string?>("--state") { Description = "Only codes in this state", HelpName = "STATE" };
        state.AcceptOnlyFromAmong("outstanding", "redeemed", "revoked", "expired");
        var label = new Option<string?>("--label") { Description = "Only codes with this label" };
        var format = new Option<string>("--format", "--output", "-o") { Description = "Output format", DefaultValueFactory = _ => "plain" };
        format.AcceptOnlyFromAmong("plain", "json", "csv");
        var eventOption = EventCommand.EventOption();
        var command = new Command("codes", "List codes with their state and label") { state, label, format, eventOption };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var request = new ListCodesRequest
                {
                    PageSize = 1000,
                    Event = parseResult.GetValue(eventOption) ?? string.Empty,
                    Label = parseResult.GetValue(label) ?? string.Empty,
                    State = parseResult.GetValue(state) switch
                    {
                        "outstanding" => CodeState.Outstanding,
                        "redeemed" => CodeState.Redeemed,
                        "revoked" => CodeState.Revoked,
                        "expired" => CodeState.Expired,
                        _ => CodeState.Unspecified,
                    },
                };
                var codes = new List<IssuedCode>();
                do
                {
                    var page = await connection.Admin.ListCodesAsync(request, connection.AdminHeaders(), cancellationToken: ct);
                    codes.AddRange(page.Codes);
                    request.PageToken = page.NextPageToken;
                }
                while (request.PageToken.Length > 0);
                WriteCodes(output, codes, parseResult.GetValue(format)!);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateRevoke()
    {
        var code = new Argument<string>("CODE") { Description = "The code to revoke" };
        var command = new Command("revoke", "Revoke a code; if it was used, its registration is cancelled") { code };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var response = await connection.Admin.RevokeCodeAsync(new RevokeCodeRequest { Code = parseResult.GetValue(code)! }, connection.AdminHeaders(), cancellationToken: ct);
                output.WriteLine(response.RegistrationCancelled
                    ? $"Revoked {response.Code.Code}; registration #{response.Code.AttendantNumber} is cancelled."
                    : $"Revoked {response.Code.Code}.");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static void WriteCodes(TextWriter output, List<IssuedCode> codes, string format)
    {
        switch (format)
        {
            case "json":
                var rows = codes.Select(c => new CodeStateRow(
                    c.Code,
                    State(c.State),
                    c.Label.Length == 0 ? null : c.Label,
                    c.IssuedAt?.ToDateTimeOffset(),
                    c.ExpiresAt?.ToDateTimeOffset(),
                    c.AttendantNumber == 0 ? null : c.AttendantNumber));
                output.WriteLine(JsonSerializer.Serialize(rows, CliJson.Rows.IEnumerableCodeStateRow));
                break;
            case "csv":
                output.WriteLine("code,state,label,issued_at,expires_at,attendant");
                foreach (var c in codes)
                {
                    output.WriteLine(string.Join(',', c.Code, State(c.State), Csv.Escape(c.Label), Iso(c.IssuedAt), Iso(c.ExpiresAt), c.AttendantNumber == 0 ? string.Empty : c.AttendantNumber.ToString(CultureInfo.InvariantCulture)));
                }

                break;
            default:
                foreach (var c in codes)
                {
                    var label = c.Label.Length == 0 ? string.Empty : "  " + c.Label;
                    output.WriteLine($"{c.Code,-20} {State(c.State),-12}{label}");
                }

                break;
        }
    }

    private static string State(CodeState state) => state switch
    {
        CodeState.Outstanding => "outstanding",
        CodeState.Redeemed => "redeemed",
        CodeState.Revoked => "revoked",
        CodeState.Expired => "expired",
        _ => "unknown",
    };

    private static string Iso(Timestamp? timestamp) =>
        timestamp?.ToDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? string.Empty;
}
