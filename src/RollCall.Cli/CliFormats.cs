using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using RollCall.Contracts;

namespace RollCall.Cli;

/// <summary>JSON output settings shared by every command.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>The generated serializers of the JSON rows, with the settings above.</summary>
    public static readonly CliJsonContext Rows = new(Options);
}

/// <summary>CSV field quoting (RFC 4180), with the server's guard against spreadsheet formula injection (<see cref="CsvFormulaGuard"/>).</summary>
internal static class Csv
{
    public static string Escape(string value)
    {
        value = CsvFormulaGuard.Defuse(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>Reads durations such as 90s, 30m, 12h, 7d or 01:30:00.</summary>
internal static class Durations
{
    public static TimeSpan? ParseOptional(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var unit = text[^1];
        if (char.IsLetter(unit) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            TimeSpan? span = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } value)
            {
                return value;
            }
        }
        else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero)
        {
            return parsed;
        }

        throw new CliException(ExitCodes.Failure, $"{option} must be a positive duration like 90s, 30m, 12h or 7d, not '{text}'.");
    }
}
