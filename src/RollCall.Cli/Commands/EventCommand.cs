using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf.WellKnownTypes;
using RollCall.V1;

namespace RollCall.Cli.Commands;

/// <summary>
/// <c>rollcall event</c>: the organizer's events. One server runs a series of them; each code
/// belongs to one, and exactly one is current (the 2016 clients, the plain pages and the Pi follow it).
/// </summary>
public static class EventCommand
{
    /// <summary>Creates the command with its subcommands.</summary>
    public static Command Create() => new("event", """
        Manage events: create one per meetup, switch the current one, close, archive, forget names (needs the admin token)

        Examples:
          rollcall event create golang-2026-12 --title "Golang Medellín, December" --starts 2026-12-10T18:30-05:00 --language es
          rollcall event current golang-2026-12
          rollcall event list --format json
          rollcall event close golang-2026-11
          rollcall event forget golang-2026-11 --yes
        """)
    {
        CreateCreate(),
        CreateUpdate(),
        CreateList(),
        CreateShow(),
        CreateCurrent(),
        CreateStateChange("close", "Close an event: its codes are refused from now on", (c, slug, ct) => Call(c, c.Events.CloseEventAsync(new CloseEventRequest { Event = slug }, c.AdminHeaders(), cancellationToken: ct), r => r.Event)),
        CreateStateChange("reopen", "Open a closed or archived event for registration again", (c, slug, ct) => Call(c, c.Events.ReopenEventAsync(new ReopenEventRequest { Event = slug }, c.AdminHeaders(), cancellationToken: ct), r => r.Event)),
        CreateStateChange("archive", "Archive an event: closed and hidden from the default list", (c, slug, ct) => Call(c, c.Events.ArchiveEventAsync(new ArchiveEventRequest { Event = slug }, c.AdminHeaders(), cancellationToken: ct), r => r.Event)),
        CreateForget(),
    };

    /// <summary>The <c>--event SLUG</c> option of the commands that work on one event.</summary>
    public static Option<string?> EventOption() => new("--event", "-e")
    {
        Description = "The event, by its slug [default: the current event]",
        HelpName = "SLUG",
    };

    /// <summary>Refuses <c>--event</c> together with <c>--legacy</c>: the 2016 calls always work on the current event.</summary>
    public static void RefuseWithLegacy(Command command, Option<string?> eventOption, Option<bool> legacy) =>
        command.Validators.Add(result =>
        {
            if (result.GetValue(legacy) && !string.IsNullOrEmpty(result.GetValue(eventOption)))
            {
                result.AddError("--event does not go with --legacy: the 2016 calls always work on the current event.");
            }
        });

    private static Command CreateCreate()
    {
        var slug = new Argument<string>("SLUG") { Description = "The event's id in addresses and commands: a-z, 0-9 and '-', e.g. golang-2026-12" };
        var title = new Option<string>("--title") { Description = "The title attendees see", Required = true };
        var details = new EventDetails();
        var command = new Command("create", "Create an event (the first one becomes current)") { slug, title };
        details.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var request = new CreateEventRequest { Event = new Event { Slug = parseResult.GetValue(slug)!, Title = parseResult.GetValue(title)! } };
                request.KeepNames = details.ApplyTo(parseResult, request.Event, mask: null);
                var response = await connection.Events.CreateEventAsync(request, connection.AdminHeaders(), cancellationToken: ct);
                output.WriteLine($"Created {Describe(response.Event)}.");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateUpdate()
    {
        var slug = new Argument<string>("SLUG") { Description = "The event's slug" };
        var title = new Option<string?>("--title") { Description = "A new title" };
        var details = new EventDetails();
        var command = new Command("update", "Change an event's title, times, language or privacy settings") { slug, title };
        details.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var request = new UpdateEventRequest { Event = new Event { Slug = parseResult.GetValue(slug)! }, UpdateMask = new FieldMask() };
                if (parseResult.GetValue(title) is { } newTitle)
                {
                    request.Event.Title = newTitle;
                    request.UpdateMask.Paths.Add("title");
                }

                details.ApplyTo(parseResult, request.Event, request.UpdateMask);
                if (request.UpdateMask.Paths.Count == 0)
                {
                    throw new CliException(ExitCodes.Failure, "Nothing to change: give --title, --starts, --ends, --language, --forget-after or --public-names.");
                }

                var response = await connection.Events.UpdateEventAsync(request, connection.AdminHeaders(), cancellationToken: ct);
                output.WriteLine($"Updated {Describe(response.Event)}.");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var all = new Option<bool>("--all") { Description = "Also list archived events" };
        var format = FormatOption();
        var command = new Command("list", "List the events, newest first, with their counts") { all, format };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var request = new ListEventsRequest { PageSize = 1000, ShowArchived = parseResult.GetValue(all) };
                var events = new List<Event>();
                do
                {
                    var page = await connection.Events.ListEventsAsync(request, connection.AdminHeaders(), cancellationToken: ct);
                    events.AddRange(page.Events);
                    request.PageToken = page.NextPageToken;
                }
                while (request.PageToken.Length > 0);
                Write(output, events, parseResult.GetValue(format)!);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateShow()
    {
        var slug = new Argument<string?>("SLUG") { Description = "The event's slug [default: the current event]", Arity = ArgumentArity.ZeroOrOne };
        var format = FormatOption();
        var command = new Command("show", "Show one event with its counts") { slug, format };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var response = await connection.Events.GetEventAsync(new GetEventRequest { Event = parseResult.GetValue(slug) ?? string.Empty }, connection.AdminHeaders(), cancellationToken: ct);
                WriteOne(output, response.Event, parseResult.GetValue(format)!);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateCurrent()
    {
        var slug = new Argument<string?>("SLUG") { Description = "The event to make current [default: show the current event]", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("current", "Make an event the current one (the 2016 clients, the plain pages and the Pi switch to it)") { slug };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                if (parseResult.GetValue(slug) is not { } chosen)
                {
                    var current = await connection.Events.GetEventAsync(new GetEventRequest(), connection.AdminHeaders(), cancellationToken: ct);
                    output.WriteLine(current.Event.Slug);
                    return ExitCodes.Success;
                }

                var response = await connection.Events.SetCurrentEventAsync(new SetCurrentEventRequest { Event = chosen }, connection.AdminHeaders(), cancellationToken: ct);
                output.WriteLine($"{Describe(response.Event)} is now current.");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateStateChange(string name, string description, Func<ServerConnection, string, CancellationToken, Task<Event>> change)
    {
        var slug = new Argument<string>("SLUG") { Description = "The event's slug" };
        var command = new Command(name, description) { slug };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var changed = await change(connection, parseResult.GetValue(slug)!, ct);
                output.WriteLine($"{Describe(changed)}: {StateName(changed.State)}.");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command CreateForget()
    {
        var slug = new Argument<string>("SLUG") { Description = "The event's slug" };
        var yes = new Option<bool>("--yes") { Description = "Confirm: the names are erased for good (counts, numbers and times stay)" };
        var command = new Command("forget", "Erase the names of an event's attendees now, for good") { slug, yes };
        command.Validators.Add(result =>
        {
            if (!result.GetValue(yes))
            {
                result.AddError("forget erases names for good; add --yes to confirm.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            async (connection, output, ct) =>
            {
                var response = await connection.Events.ForgetAttendeesAsync(new ForgetAttendeesRequest { Event = parseResult.GetValue(slug)! }, connection.AdminHeaders(), cancellationToken: ct);
                output.WriteLine($"Forgot the names of {response.Forgotten} {(response.Forgotten == 1 ? "attendee" : "attendees")} of {Describe(response.Event)}.");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static async Task<Event> Call<TResponse>(ServerConnection connection, Grpc.Core.AsyncUnaryCall<TResponse> call, Func<TResponse, Event> read) =>
        read(await call);

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format", "--output", "-o") { Description = "Output format", DefaultValueFactory = _ => "plain" };
        format.AcceptOnlyFromAmong("plain", "json");
        return format;
    }

    private static void Write(TextWriter output, List<Event> events, string format)
    {
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(events.Select(EventRow.From).ToList(), EventJson.Default.ListEventRow));
            return;
        }

        if (events.Count == 0)
        {
            output.WriteLine("No events yet: rollcall event create SLUG --title TEXT");
            return;
        }

        output.WriteLine($"  {"SLUG",-24} {"STATE",-9} {"LANG",-5} {"ATTENDEES",9} {"TURNOUT",-14} {"STARTS",-17} TITLE");
        foreach (var e in events)
        {
            var counts = e.Counts ?? new EventCounts();
            var turnout = $"{counts.CodesRedeemed}/{counts.CodesIssued}";
            output.WriteLine($"{(e.Current ? "*" : " ")} {e.Slug,-24} {StateName(e.State),-9} {e.Language,-5} {counts.Attendees,9} {turnout,-14} {Local(e.StartsAt),-17} {e.Title}");
        }
    }

    private static void WriteOne(TextWriter output, Event e, string format)
    {
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(EventRow.From(e), EventJson.Default.EventRow));
            return;
        }

        var counts = e.Counts ?? new EventCounts();
        output.WriteLine($"{e.Slug}{(e.Current ? " (current)" : string.Empty)}");
        output.WriteLine($"  title:         {e.Title}");
        output.WriteLine($"  state:         {StateName(e.State)}");
        output.WriteLine($"  language:      {e.Language}");
        output.WriteLine($"  starts:        {Local(e.StartsAt)}");
        output.WriteLine($"  ends:          {Local(e.EndsAt)}");
        output.WriteLine($"  attendees:     {counts.Attendees}");
        output.WriteLine($"  codes:         {counts.CodesRedeemed} of {counts.CodesIssued} redeemed");
        output.WriteLine($"  public names:  {(e.PublicNames is { } shown ? (shown ? "yes" : "no") : "server default")}");
        output.WriteLine($"  forget names:  {(e.NamesForgottenTime is not null ? "forgotten " + Local(e.NamesForgottenTime) : e.ForgetAfterDays is { } days ? $"{days} days after the end" : "never")}");
    }

    private static string Describe(Event e) => $"{e.Slug} ({e.Title})";

    private static string StateName(EventState state) => state switch
    {
        EventState.Open => "open",
        EventState.Closed => "closed",
        EventState.Archived => "archived",
        _ => "unknown",
    };

    private static string Local(Timestamp? timestamp) =>
        timestamp?.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>The options shared by <c>create</c> and <c>update</c>.</summary>
    private sealed class EventDetails
    {
        private readonly Option<string?> _starts = new("--starts") { Description = "When it starts, ISO 8601 (e.g. 2026-12-10T18:30-05:00)", HelpName = "ISO" };
        private readonly Option<string?> _ends = new("--ends") { Description = "When it ends, ISO 8601; names are forgotten relative to it", HelpName = "ISO" };
        private readonly Option<string?> _language = new("--language") { Description = "The language of its pages, board and LED show [default: en]" };
        private readonly Option<string?> _forgetAfter = new("--forget-after") { Description = "Erase attendee names this many days after the end, or 'never' [default: 30]", HelpName = "DAYS" };
        private readonly Option<bool?> _publicNames = new("--public-names") { Description = "Show attendee names to the public [default: the server's setting]", HelpName = "true|false" };

        public EventDetails() => _language.AcceptOnlyFromAmong("en", "es");

        public void AddTo(Command command)
        {
            command.Options.Add(_starts);
            command.Options.Add(_ends);
            command.Options.Add(_language);
            command.Options.Add(_forgetAfter);
            command.Options.Add(_publicNames);
        }

        /// <summary>Copies the options given into <paramref name="e"/>; true when names are to be kept for ever.</summary>
        public bool ApplyTo(ParseResult parseResult, Event e, FieldMask? mask)
        {
            var keepNames = false;
            if (parseResult.GetValue(_starts) is { } starts)
            {
                e.StartsAt = Timestamp.FromDateTimeOffset(ParseTime(starts, "--starts"));
                mask?.Paths.Add("starts_at");
            }

            if (parseResult.GetValue(_ends) is { } ends)
            {
                e.EndsAt = Timestamp.FromDateTimeOffset(ParseTime(ends, "--ends"));
                mask?.Paths.Add("ends_at");
            }

            if (parseResult.GetValue(_language) is { } language)
            {
                e.Language = language;
                mask?.Paths.Add("language");
            }

            if (parseResult.GetValue(_forgetAfter) is { } forget)
            {
                keepNames = forget.Trim() == "never";
                if (!keepNames)
                {
                    e.ForgetAfterDays = int.TryParse(forget, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 0 and <= 36_500
                        ? days
                        : throw new CliException(ExitCodes.Failure, $"--forget-after must be a number of days (0..36500) or 'never', not '{forget}'.");
                }

                mask?.Paths.Add("forget_after_days");
            }

            if (parseResult.GetValue(_publicNames) is { } publicNames)
            {
                e.PublicNames = publicNames;
                mask?.Paths.Add("public_names");
            }

            return keepNames;
        }

        private static DateTimeOffset ParseTime(string text, string option) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time)
                ? time
                : throw new CliException(ExitCodes.Failure, $"{option} must be a date and time like 2026-12-10T18:30-05:00, not '{text}'.");
    }
}

/// <summary>An event as <c>--format json</c> prints it.</summary>
internal sealed record EventRow(
    string Slug,
    string Title,
    string State,
    string Language,
    bool Current,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    int Attendees,
    long CodesIssued,
    long CodesRedeemed,
    int? ForgetAfterDays,
    bool? PublicNames,
    DateTimeOffset? NamesForgottenAt)
{
    public static EventRow From(Event e) => new(
        e.Slug,
        e.Title,
        e.State switch { EventState.Open => "open", EventState.Closed => "closed", EventState.Archived => "archived", _ => "unknown" },
        e.Language,
        e.Current,
        e.StartsAt?.ToDateTimeOffset(),
        e.EndsAt?.ToDateTimeOffset(),
        e.Counts?.Attendees ?? 0,
        e.Counts?.CodesIssued ?? 0,
        e.Counts?.CodesRedeemed ?? 0,
        e.ForgetAfterDays,
        e.PublicNames,
        e.NamesForgottenTime?.ToDateTimeOffset());
}

/// <summary>Source-generated JSON for the event rows (no reflection: the CLI may be trimmed).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventRow))]
[JsonSerializable(typeof(List<EventRow>))]
internal sealed partial class EventJson : JsonSerializerContext;
