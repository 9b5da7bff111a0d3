using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using RollCall.V1;

namespace RollCall.Cli.Commands;

/// <summary><c>rollcall export</c>: every registered attendee with their code and label (admin).</summary>
public static class ExportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var format = new Option<string>("--format", "--output", "-o") { Description = "Output format", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Write to this file instead of stdout", HelpName = "PATH" };
        var eventOption = EventCommand.EventOption();
        var command = new Command("export", """
            Export every registered attendee with the code they used (needs the admin token)

            Examples:
              rollcall export --file attendees.csv
              rollcall export --format json | jq '.[].lastName'
              rollcall export --event golang-2026-11 --file november.csv
            """)
        { format, file, eventOption };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var slug = parseResult.GetValue(eventOption) ?? string.Empty;
                var status = await connection.Registration.GetStatusAsync(new GetStatusRequest { Event = slug }, cancellationToken: ct);
                var progress = ProgressReporter.Start(parseResult, "Exporting attendees", status.Count);
                var rows = new List<ExportedAttendant>(status.Count);
                using var call = connection.Admin.ExportAttendants(new ExportAttendantsRequest { Event = slug }, connection.AdminHeaders(), cancellationToken: ct);
                await foreach (var batch in call.ResponseStream.ReadAllAsync(ct))
                {
                    rows.AddRange(batch.Attendants);
                    progress.Report(rows.Count);
                }

                progress.Finish(rows.Count);
                var target = parseResult.GetValue(file);
                await using var writer = target is null ? null : OpenFile(target);
                Write(writer ?? output, rows, parseResult.GetValue(format)!);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static StreamWriter OpenFile(FileInfo file)
    {
        try
        {
            return new StreamWriter(file.FullName, append: false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.LocalError, $"Cannot write {file.FullName}: {exception.Message}");
        }
    }

    private static void Write(TextWriter output, List<ExportedAttendant> rows, string format)
    {
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(
                rows.Select(r => new ExportedAttendantRow(
                    r.Attendant.Number,
                    r.Attendant.FirstName,
                    r.Attendant.LastName,
                    r.Code,
                    r.Label.Length == 0 ? null : r.Label,
                    r.Attendant.RegisteredAt?.ToDateTimeOffset())),
                CliJson.Rows.IEnumerableExportedAttendantRow));
            return;
        }

        output.WriteLine("number,first_name,last_name,code,label,registered_at");
        foreach (var r in rows)
        {
            output.WriteLine(string.Join(
                ',',
                r.Attendant.Number.ToString(CultureInfo.InvariantCulture),
                Csv.Escape(r.Attendant.FirstName),
                Csv.Escape(r.Attendant.LastName),
                r.Code,
                Csv.Escape(r.Label),
                r.Attendant.RegisteredAt?.ToDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? string.Empty));
        }
    }
}
