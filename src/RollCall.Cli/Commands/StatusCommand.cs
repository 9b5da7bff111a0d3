using System.CommandLine;
using System.Text.Json;
using RollCall.Legacy;
using RollCall.V1;

namespace RollCall.Cli.Commands;

/// <summary><c>rollcall status</c>: prints the number of attendees and their names.</summary>
public static class StatusCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var format = new Option<string>("--format", "--output", "-o") { Description = "Output format", DefaultValueFactory = _ => "plain" };
        format.AcceptOnlyFromAmong("plain", "json");
        var legacy = new Option<bool>("--legacy") { Description = "Use the 2016 GetStatus call (also works against the 2016 server)" };
        var eventOption = EventCommand.EventOption();
        var command = new Command("status", """
            Print the number of registered attendees and their names

            Examples:
              rollcall status
              rollcall status --format json
              rollcall status --event golang-2026-11            # an earlier meetup
              rollcall status --legacy --server http://old-server:50001   # the 2016 GetStatus call
            """)
        { format, legacy, eventOption };
        EventCommand.RefuseWithLegacy(command, eventOption, legacy);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var (count, names) = parseResult.GetValue(legacy)
                    ? await ReadLegacyAsync(connection, ct)
                    : await ReadAsync(connection, parseResult.GetValue(eventOption) ?? string.Empty, ct);
                if (parseResult.GetValue(format) == "json")
                {
                    var attendants = names.Select(n => new StatusAttendantRow(n.Number, n.Name));
                    output.WriteLine(JsonSerializer.Serialize(new StatusRow(count, attendants), CliJson.Rows.StatusRow));
                }
                else
                {
                    output.WriteLine($"Attendants: {count}");
                    foreach (var (number, name) in names)
                    {
                        output.WriteLine($"{number,6}. {name}");
                    }
                }

                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static async Task<(int Count, List<(long Number, string Name)> Names)> ReadAsync(ServerConnection connection, string eventSlug, CancellationToken cancellationToken)
    {
        var status = await connection.Registration.GetStatusAsync(new GetStatusRequest { Event = eventSlug }, cancellationToken: cancellationToken);
        var names = new List<(long, string)>(status.Count);
        if (status.Count == 0 || status.RecentAttendants.Count == 0)
        {
            // The server hides names from the public, or there are none.
            return (status.Count, names);
        }

        var request = new ListAttendantsRequest { PageSize = 1000, Event = eventSlug };
        do
        {
            var page = await connection.Registration.ListAttendantsAsync(request, connection.AdminHeaders(), cancellationToken: cancellationToken);
            names.AddRange(page.Attendants.Select(a => (a.Number, a.FirstName + " " + a.LastName)));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return (status.Count, names);
    }

    private static async Task<(int Count, List<(long Number, string Name)> Names)> ReadLegacyAsync(ServerConnection connection, CancellationToken cancellationToken)
    {
        var status = await connection.Legacy.GetStatusAsync(new StatusRequest(), cancellationToken: cancellationToken);
        var data = status.AppData ?? new AppData();
        var names = data.Attendants
            .Select(pair => (Number: long.TryParse(pair.Key, out var n) ? n : 0, Name: pair.Value))
            .OrderBy(p => p.Number)
            .ToList();
        return (data.Counter, names);
    }
}
