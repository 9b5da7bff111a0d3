using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using RollCall.Cli.Vouchers;
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
        var eventOption = EventCommand.EventOption();
        var vouchers = new Option<FileInfo?>("--vouchers")
        {
            Description = "Also write a printable HTML sheet: one card per code with a QR code of its registration link",
            HelpName = "FILE",
        };
        var publicUrl = new Option<string?>("--public-url")
        {
            Description = "The registration page attendees open, for the vouchers' QR codes [env: ROLLCALL_PUBLIC_URL]",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ROLLCALL_PUBLIC_URL"),
            HelpName = "URL",
        };
        var title = new Option<string>("--title") { Description = "The event name printed on each voucher [default: the event's title]", DefaultValueFactory = _ => "RollCall" };
        var language = new Option<string>("--language")
        {
            Description = "The language of the vouchers' texts [default: the event's language]",
            DefaultValueFactory = _ => VoucherSheet.DefaultLanguage,
        };
        language.AcceptOnlyFromAmong([.. VoucherSheet.Languages]);

        var command = new Command("code", """
            Mint one-time registration codes (needs the admin token)

            Examples:
              rollcall code                              # one code
              rollcall code --count 500 --label speakers --ttl 7d -o csv > speakers.csv
              rollcall code --count 80 --event golang-2026-12   # for another event than the current one
              rollcall code --legacy                     # the 2016 GetCode call
              rollcall code --count 50 --vouchers vouchers.html --public-url https://rollcall.example.org
              rollcall code --count 50 --vouchers vales.html --language es --public-url https://rollcall.example.org
            """)
        {
            count, label, ttl, format, legacy, vouchers, publicUrl, title, language, eventOption,
        };
        EventCommand.RefuseWithLegacy(command, eventOption, legacy);
        command.Validators.Add(r =>
        {
            if (r.GetValue(vouchers) is null)
            {
                return;
            }

            var url = r.GetValue(publicUrl);
            if (string.IsNullOrWhiteSpace(url))
            {
                r.AddError("--vouchers needs --public-url: the address attendees open to register, e.g. https://rollcall.example.org");
            }
            else if (!VoucherSheet.TryParsePublicUrl(url, out _))
            {
                r.AddError($"--public-url must be an absolute http:// or https:// URL without a query, not '{url}'.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var n = parseResult.GetValue(count);
                var sheet = parseResult.GetValue(vouchers);
                var expiry = Durations.ParseOptional(parseResult.GetValue(ttl), "--ttl");
                // Opened before minting: a sheet that cannot be written must not cost any codes.
                await using var sheetStream = sheet is null ? null : OpenSheet(sheet);
                List<IssuedCode> codes;
                try
                {
                    codes = parseResult.GetValue(legacy)
                        ? await MintLegacyAsync(connection, n, ct)
                        : await MintAsync(
                            connection, parseResult.GetValue(eventOption) ?? string.Empty, n, parseResult.GetValue(label), expiry, ProgressReporter.Start(parseResult, "Minting codes", n), ct);
                }
                catch when (sheetStream is not null)
                {
                    // No codes, no sheet: don't leave an empty file behind.
                    await sheetStream.DisposeAsync();
                    sheet!.Delete();
                    throw;
                }

                if (sheetStream is null)
                {
                    Write(output, codes, parseResult.GetValue(format)!);
                    return ExitCodes.Success;
                }

                if (!VoucherSheet.TryParsePublicUrl(parseResult.GetValue(publicUrl), out var address))
                {
                    throw new CliException(ExitCodes.Failure, "--vouchers needs a valid --public-url.");
                }

                // Each card links to its event's own page, which stays right when another event becomes current.
                var cards = codes.Select(c => new Voucher(
                    c.Code, VoucherSheet.Link(address, c.Code, c.Event), c.Label.Length == 0 ? null : c.Label, c.ExpiresAt?.ToDateTimeOffset()));
                var (sheetTitle, sheetLanguage) = (parseResult.GetValue(title)!, parseResult.GetValue(language)!);
                if (codes.Count > 0 && codes[0].Event.Length > 0 && codes[0].Event != VoucherSheet.DefaultEvent && (parseResult.GetResult(title) is not { Implicit: false } || parseResult.GetResult(language) is not { Implicit: false }))
                {
                    var e = (await connection.Events.GetEventAsync(new GetEventRequest { Event = codes[0].Event }, connection.AdminHeaders(), cancellationToken: ct)).Event;
                    sheetTitle = parseResult.GetResult(title) is { Implicit: false } ? sheetTitle : e.Title;
                    sheetLanguage = parseResult.GetResult(language) is { Implicit: false } || !VoucherSheet.Languages.Contains(e.Language) ? sheetLanguage : e.Language;
                }

                await using (var writer = new StreamWriter(sheetStream))
                {
                    await VoucherSheet.WriteAsync(writer, [.. cards], sheetTitle, sheetLanguage);
                }

                output.WriteLine($"Wrote {codes.Count} {(codes.Count == 1 ? "voucher" : "vouchers")} to {sheet!.FullName}.");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    // The sheet holds working codes: readable by its owner alone, even a sheet written over.
    private static FileStream OpenSheet(FileInfo file)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var stream = new FileStream(file.FullName, options);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return stream;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.LocalError, $"Cannot write the vouchers to {file.FullName}: {exception.Message}");
        }
    }

    private static async Task<List<IssuedCode>> MintAsync(
        ServerConnection connection, string eventSlug, int count, string? label, TimeSpan? ttl, ProgressReporter progress, CancellationToken cancellationToken)
    {
        var codes = new List<IssuedCode>(count);
        while (codes.Count < count)
        {
            var request = new IssueCodesRequest { Count = Math.Min(MaxPerCall, count - codes.Count), Label = label ?? string.Empty, Event = eventSlug };
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
                var rows = codes.Select(c => new IssuedCodeRow(
                    c.Code,
                    c.Label.Length == 0 ? null : c.Label,
                    c.IssuedAt?.ToDateTimeOffset(),
                    c.ExpiresAt?.ToDateTimeOffset()));
                output.WriteLine(JsonSerializer.Serialize(rows, CliJson.Rows.IEnumerableIssuedCodeRow));
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
