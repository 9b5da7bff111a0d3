using System.Globalization;
using System.Text;
using RollCall.Contracts;
using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Web;

/// <summary>
/// The attendee export as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheets read names
/// right). Text cells that a spreadsheet would run as a formula get a leading apostrophe
/// (<see cref="CsvFormulaGuard"/>, the guard the CLI's export uses too).
/// </summary>
internal static class AttendeeCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "number,first_name,last_name,code,label,registered_at";

    /// <summary>Writes every registered attendee, in registration order, read in batches.</summary>
    public static async Task WriteAsync(Stream body, AttendeeRecords attendees, Domain.EventRecord e, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
        writer.NewLine = "\r\n";
        await writer.WriteLineAsync(Header);
        await foreach (var rows in attendees.ExportAsync(e, cancellationToken))
        {
            foreach (var row in rows)
            {
                await writer.WriteLineAsync(Row(row));
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>One row, without the line break.</summary>
    public static string Row(ExportedAttendant row)
    {
        var attendant = row.Attendant;
        return string.Join(
            ',',
            attendant.Number.ToString(CultureInfo.InvariantCulture),
            Cell(attendant.FirstName),
            Cell(attendant.LastName),
            RegistrationCode.Format(row.Code),
            Cell(row.Label ?? string.Empty),
            attendant.RegisteredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
    }

    /// <summary>A text cell: defused against formulas, then quoted.</summary>
    public static string Cell(string text)
    {
        text = CsvFormulaGuard.Defuse(text);
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
