using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Http;

namespace RollCall.Server.Web;

/// <summary>
/// <c>GET /events</c>: the live status as server-sent events, for the page and the board. Each
/// connection is one <see cref="Live.StatusBroadcaster"/> subscription, exactly like a WatchStatus stream:
/// a <c>snapshot</c> event first, then one <c>registered</c> or <c>cancelled</c> event per change,
/// written by <see cref="TypedResults.ServerSentEvents{T}(IAsyncEnumerable{SseItem{T}})"/>.
/// Every event carries <c>id: VERSION</c>; a browser that reconnects by itself simply gets a fresh
/// snapshot. A comment line every <see cref="WebOptions.EventHeartbeatSeconds"/> keeps proxies
/// from closing an idle stream. Connections count against the server-wide and per-address caps on
/// live streams (<see cref="WatcherLimiter"/>, shared with WatchStatus); beyond them the answer is 429.
/// </summary>
internal static class StatusEventStream
{
    private static readonly byte[] _heartbeat = ": heartbeat\n\n"u8.ToArray();

    /// <summary>
    /// How long a refused client should wait: a permit frees when one of the address's streams
    /// ends, which nobody can predict, so this only keeps retries from hammering the server.
    /// </summary>
    public const int RetryAfterSeconds = 10;

    public static async Task HandleAsync(HttpContext context, AttendeeRecords attendees, WatcherLimiter watchers, IOptions<WebOptions> options)
    {
        // The same caps as WatchStatus: each connection holds a permit until it ends.
        using var watcher = watchers.TryEnter(ClientAddress.PartitionKey(context), out var refusal);
        if (watcher is null)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.CacheControl = "no-store";
            await TypedResults.Text(refusal, "text/plain; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
            return;
        }

        // nginx buffers responses unless told not to.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var heartbeat = TimeSpan.FromSeconds(options.Value.EventHeartbeatSeconds);
        try
        {
            // The plain /events follows the current event: when the organizer switches, the stream
            // ends and the browser's EventSource reconnects (retry: 2000) to the new one.
            var switched = PageEvent.IsPinned(context) ? CancellationToken.None : attendees.CurrentEventChanged;
            var e = PageEvent.Of(context, attendees)!;
            await TypedResults.ServerSentEvents(EventsAsync(context.Response.Body, attendees, e, heartbeat, switched)).ExecuteAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The browser went away in the middle of an event.
        }
    }

    /// <summary>
    /// The subscription's events, with the heartbeat comments written in between. SseFormatter asks
    /// for the next event only once it has written the previous one whole, so while it waits here
    /// the stream stands between two events: a comment written then can never split one, and
    /// events and comments are never written at the same time. The stream ends when the client
    /// goes away (the formatter's token) or the server stops (the subscription ends).
    /// </summary>
    private static async IAsyncEnumerable<SseItem<byte[]>> EventsAsync(
        Stream body,
        AttendeeRecords attendees,
        Domain.EventRecord e,
        TimeSpan interval,
        CancellationToken switched,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, switched);
        using var subscription = attendees.Subscribe(e);
        var names = attendees.ShowsNames(e);
        var events = subscription.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = events.MoveNextAsync().AsTask();
        try
        {
            // One timer per connection, renewed only when it fires, however busy the stream is.
            var heartbeat = Task.Delay(interval, stop.Token);
            while (true)
            {
                if (await Task.WhenAny(next, heartbeat) == heartbeat)
                {
                    if (!await TryWriteHeartbeatAsync(body, stop.Token))
                    {
                        yield break;
                    }

                    heartbeat = Task.Delay(interval, stop.Token);
                    continue;
                }

                if (!await HasNextAsync(next))
                {
                    yield break;
                }

                var item = events.Current;
                yield return item.Snapshot is { } snapshot
                    ? StatusEventJson.Snapshot(snapshot, names, attendees.RecentAttendants)
                    : StatusEventJson.Delta(item.Delta!, names);
                next = events.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // A read still waiting for a change must end before the enumerator can be disposed.
            await stop.CancelAsync();
            await HasNextAsync(next);
            await events.DisposeAsync();
        }
    }

    // False at the end of the subscription and when the client went away.
    private static async Task<bool> HasNextAsync(Task<bool> next)
    {
        try
        {
            return await next;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> TryWriteHeartbeatAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            await body.WriteAsync(_heartbeat, cancellationToken);
            await body.FlushAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
