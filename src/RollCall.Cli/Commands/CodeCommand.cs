using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using RollCall.Legacy;
using RollCall.V1;

namespace RollCall.Cli.Commands;

/// <summary><c>rollcall code</c>: mints one-time registration codes.</summary>
public static class CodeCommand
{
    private const int MaxPerCall = 10_000;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var count = new Option<int>("--count", "-n") { Description = "How many codes to mint (1..100,000)", DefaultValueFactory = _ => 1 };
        count.Validators.Add(r =>
        {
            if (r.GetValue(count) is < 1 or > 100_000)
            {
                r.AddError("--count must be between 1 and 100,000.");
            }
        });
        var label = new Option<string?>("--label") { Description = "A label for the codes, e.g. speakers" };
        var ttl = new Option<string?>("--ttl") { Description = "How long the codes stay valid, e.g. 90m, 12h, 7d", HelpName = "DURATION" };
        var format = new Option<string>("--format", "--output", "-o") { Description = "Output format", DefaultValueFactory = _ => "plain" };
        format.AcceptOnlyFromAmong("plain", "json", "csv");
        var legacy = new Option<bool>("--legacy") { Description = "Use the 2016 GetCode call (also works against the 2016 server)" };

        var command = new Command("code", """
            Mint one-time registration codes (needs the admin token)

            Examples:
              rollcall code                              # one code
              rollcall code --count 500 --label speakers --ttl 7d -o csv > speakers.csv
              rollcall code --legacy                     # the 2016 GetCode call
            """)
        {
            count, label, ttl, format, legacy,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var n = parseResult.GetValue(count);
                var codes = parseResult.GetValue(legacy)
                    ? await MintLegacyAsync(connection, n, ct)
                    : await MintAsync(connection, n, parseResult.GetValue(label), Durations.ParseOptional(parseResult.GetValue(ttl), "--ttl"), ProgressReporter.Start(parseResult, "Minting codes", n), ct);
                Write(output, codes, parseResult.GetValue(format)!);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static async Task<List<IssuedCode>> MintAsync(ServerConnection connection, int count, string? label, TimeSpan? ttl, ProgressReporter progress, CancellationToken cancellationToken)
    {
        var codes = new List<IssuedCode>(count);
        while (codes.Count < count)
        {
            var request = new IssueCodesRequest { Count = Math.Min(MaxPerCall, count - codes.Count), Label = label ?? string.Empty };
            if (ttl is { } duration)
            {
                request.Ttl = Duration.FromTimeSpan(duration);
            }

            var response = await connection.Admin.IssueCodesAsync(request, connection.AdminHeaders(), cancellationToken: cancellationToken);
            codes.AddRange(response.Codes);
            progress.Report(codes.Count);
        }

        progress.Finish(codes.Count);
        return codes;
    }

    private static async Task<List<IssuedCode>> MintLegacyAsync(ServerConnection connection, int count, CancellationToken cancellationToken)
    {
        var codes = new List<IssuedCode>(count);
        for (var i = 0; i < count; i++)
        {
            var response = await connection.Legacy.GetCodeAsync(new CodeRequest(), connection.AdminHeaders(), cancellationToken: cancellationToken);
            codes.Add(new IssuedCode { Code = response.Code, State = CodeState.Outstanding });
        }

        return codes;
    }

    private static void Write(TextWriter output, List<IssuedCode> codes, string format)
    {
        switch (format)
        {
            case "json":
                var rows = codes.Select(c => new
                {
                    code = c.Code,
                    label = c.Label.Length == 0 ? null : c.Label,
                    issuedAt = c.IssuedAt?.ToDateTimeOffset(),
                    expiresAt = c.ExpiresAt?.ToDateTimeOffset(),
                });
                output.WriteLine(JsonSerializer.Serialize(rows, CliJson.Options));
                break;
            case "csv":
                output.WriteLine("code,label,issued_at,expires_at");
                foreach (var c in codes)
                {
                    output.WriteLine(string.Join(',', c.Code, Csv.Escape(c.Label), Iso(c.IssuedAt), Iso(c.ExpiresAt)));
                }

                break;
            default:
                foreach (var c in codes)
                {
                    output.WriteLine(c.Code);
                }

                break;
        }
    }

    private static string Iso(Timestamp? timestamp) =>
        timestamp?.ToDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? string.Empty;
}
