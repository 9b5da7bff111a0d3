using Grpc.Core;
using RollCall.V1;

namespace RollCall.LoadClient;

/// <summary>
/// Many events with attendees each, for the rows that compare one event's reads among a thousand
/// with the same reads on a server of one event.
/// </summary>
internal static class EventSeed
{
    /// <summary>
    /// Creates <c>--events</c> events named <c>--prefix</c>-1, -2, … (from <c>--first</c>), mints
    /// <c>--attendees</c> codes in each and registers them all; then checks that event
    /// <c>--check-event</c> has <c>--expect-count</c> attendees. The rate counts registrations.
    /// </summary>
    public static async Task<LoadResult> SeedAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var channels = settings.Channels();
        var admin = settings.Admin();
        var prefix = settings.Text("prefix", "bench");
        var first = settings.Number("first", 1);
        var count = settings.Number("events", 1000);
        var perEvent = settings.Number("attendees", 100);
        var slugs = Enumerable.Range(first, count).Select(i => $"{prefix}-{i}").ToList();

        // Event changes and minting are set-up, not measured: a few at a time.
        var codes = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(slugs, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (slug, token) =>
        {
            var channel = channels[Math.Abs(slug.GetHashCode(StringComparison.Ordinal)) % channels.Length];
            await new Events.EventsClient(channel).CreateEventAsync(
                new CreateEventRequest { Event = new Event { Slug = slug, Title = $"Meetup {slug}" } }, admin, cancellationToken: token);
            if (perEvent > 0)
            {
                var issued = await new Admin.AdminClient(channel).IssueCodesAsync(
                    new IssueCodesRequest { Count = perEvent, Event = slug, Label = "bench" }, admin, cancellationToken: token);
                foreach (var code in issued.Codes)
                {
                    codes.Add(code.Code);
                }
            }
        });

        var result = await WriteLoad.RegisterCodesAsync("seed-events", settings, channels, [.. codes], cancellationToken);
        result.Set("events", count);
        result.Set("attendees_per_event", perEvent);
        if (settings.Text("check-event", string.Empty) is { Length: > 0 } check)
        {
            var status = await new Registration.RegistrationClient(channels[0])
                .GetStatusAsync(new GetStatusRequest { Event = check }, cancellationToken: cancellationToken);
            result.Set("checked_count", status.Count);
            var expected = settings.Number("expect-count", status.Count);
            if (status.Count != expected)
            {
                result.Count(StatusCode.DataLoss);
                result.Fail($"Event {check} has {status.Count} attendees, not {expected}.");
            }
        }

        return result;
    }
}
