using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Http;

namespace RollCall.Server.Web;

/// <summary>
/// <c>GET /events</c>: the live status as server-sent events, for the page and the board. Each
/// connection is one <see cref="Live.StatusBroadcaster"/> subscription, exactly like a WatchStatus stream:
/// a <c>snapshot</c> event first, then one <c>registered</c> or <c>cancelled</c> event per change.
/// Every event carries <c>id: VERSION</c>; a browser that reconnects by itself simply gets a fresh
/// snapshot. A comment line every <see cref="WebOptions.EventHeartbeatSeconds"/> keeps proxies
/// from closing an idle stream. Connections count against the per-address cap on live streams
/// (<see cref="WatcherLimiter"/>, shared with WatchStatus); beyond it the answer is 429.
/// </summary>
internal static class StatusEventStream
{
    private static readonly byte[] _preamble = "retry: 2000\n\n"u8.ToArray();
    private static readonly byte[] _heartbeat = ": heartbeat\n\n"u8.ToArray();

    /// <summary>
    /// How long a refused client should wait: a permit frees when one of the address's streams
    /// ends, which nobody can predict, so this only keeps retries from hammering the server.
    /// </summary>
    public const int RetryAfterSeconds = 10;

    public static async Task HandleAsync(HttpContext context, AttendeeRecords attendees, WatcherLimiter watchers, IOptions<WebOptions> options)
    {
        // The same per-address cap as WatchStatus: each connection holds a permit until it ends.
        using var watcher = watchers.TryEnter(ClientAddress.PartitionKey(context));
        if (watcher is null)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(watchers.LimitMessage, context.RequestAborted);
            return;
        }

        var interval = TimeSpan.FromSeconds(options.Value.EventHeartbeatSeconds);
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        // nginx buffers responses unless told not to.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var cancellationToken = stop.Token;
        using var subscription = attendees.Subscribe();
        var events = subscription.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = events.MoveNextAsync().AsTask();
        try
        {
            await WriteAsync(response, _preamble, cancellationToken);
            // One timer per connection, renewed only when it fires, however busy the stream is.
            var heartbeat = Task.Delay(interval, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var first = await Task.WhenAny(next, heartbeat);
                if (first == heartbeat)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    await WriteAsync(response, _heartbeat, cancellationToken);
                    heartbeat = Task.Delay(interval, cancellationToken);
                    continue;
                }

                if (!await next)
                {
                    break;
                }

                var item = events.Current;
                var bytes = item.Snapshot is { } snapshot
                    ? StatusEventJson.Snapshot(snapshot, attendees.NamesArePublic, attendees.RecentAttendants)
                    : StatusEventJson.Delta(item.Delta!, attendees.NamesArePublic);
                await WriteAsync(response, bytes, cancellationToken);
                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The browser went away.
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
            }

            await events.DisposeAsync();
        }
    }

    private static async Task WriteAsync(HttpResponse response, byte[] bytes, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
