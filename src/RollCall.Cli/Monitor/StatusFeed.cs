using Grpc.Core;
using Grpc.Net.Client;
using RollCall.Legacy;
using RollCall.Matrix.Show;
using RollCall.V1;
using LegacyService = RollCall.Legacy.RegisterService;

namespace RollCall.Cli.Monitor;

/// <summary>
/// Follows the server's attendance and writes it into the show's <see cref="ShowState"/>: live
/// through <c>rollcall.v1.Registration/WatchStatus</c>, or by polling the 2016
/// <c>services.RegisterService/GetStatus</c> when the server does not offer it (UNIMPLEMENTED, as
/// the 2016 Go server answers). When the server cannot be reached it marks the show offline and
/// tries again with <see cref="ReconnectBackoff"/>; it stops only when cancelled.
/// </summary>
internal sealed class StatusFeed : IDisposable
{
    private static readonly TimeSpan _pollCallTimeout = TimeSpan.FromSeconds(10);

    private readonly GrpcChannel _channel;
    private readonly Registration.RegistrationClient _registration;
    private readonly LegacyService.RegisterServiceClient _legacy;
    private readonly ShowState _state;
    private readonly AttendanceShow _show;
    private readonly MonitorConsole _console;
    private readonly ReconnectBackoff _backoff;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private readonly AttendanceTracker _tracker = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _event;
    private string? _eventShown;
    private bool? _online;
    private int? _printedCount;

    /// <summary>Follows the server at <paramref name="server"/> for <paramref name="state"/>.</summary>
    public StatusFeed(
        Uri server,
        ShowState state,
        AttendanceShow show,
        MonitorConsole console,
        TimeSpan pollInterval,
        ReconnectBackoff? backoff = null,
        TimeProvider? time = null,
        string eventSlug = "")
    {
        _event = eventSlug;
        Server = server.ToString().TrimEnd('/');
        _channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(5),

                // A Pi on Wi-Fi can lose the server without a TCP reset; pings notice a dead stream.
                KeepAlivePingDelay = TimeSpan.FromSeconds(20),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            },
        });
        _registration = new Registration.RegistrationClient(_channel);
        _legacy = new LegacyService.RegisterServiceClient(_channel);
        _state = state;
        _show = show;
        _console = console;
        _pollInterval = pollInterval;
        _backoff = backoff ?? new ReconnectBackoff();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The server followed, as printed: <c>http://host:port</c>.</summary>
    public string Server { get; }

    /// <summary>Completes once the first attempt to reach the server has succeeded or failed.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    /// <summary>Follows the server until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="OperationCanceledException">Always, in the end.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var watch = true;
            while (true)
            {
                string problem;
                try
                {
                    if (watch)
                    {
                        await WatchAsync(cancellationToken).ConfigureAwait(false);
                        problem = "the server ended the status stream";
                    }
                    else
                    {
                        await PollAsync(cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }
                catch (RpcException exception) when (watch && exception.StatusCode == StatusCode.Unimplemented)
                {
                    watch = false;
                    continue;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Whatever the server or the network did, the monitor keeps running.
                    problem = Describe(exception);
                }

                await GoOfflineAsync(problem).ConfigureAwait(false);

                // Try the live API first again: the server that comes back may be a newer one.
                watch = true;
                await Task.Delay(_backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            // gRPC reports its own cancellation as a status; the caller asked to stop, so say that.
            throw new OperationCanceledException("The monitor was stopped.", exception, cancellationToken);
        }
        finally
        {
            _firstAttempt.TrySetResult();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var call = _registration.WatchStatus(new WatchStatusRequest { Event = _event }, cancellationToken: cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var message = call.ResponseStream.Current;
            if (message.EventCase == WatchStatusResponse.EventOneofCase.Snapshot && message.Snapshot.Event is { } e)
            {
                await FollowAsync(e).ConfigureAwait(false);
            }

            IReadOnlyList<string> welcomes = message.EventCase switch
            {
                WatchStatusResponse.EventOneofCase.Snapshot => _tracker.Snapshot(
                    message.Count,
                    [.. message.Snapshot.RecentAttendants.Select(a => (a.Number, a.FirstName))]),
                WatchStatusResponse.EventOneofCase.Registered => [_tracker.Registered(message.Count, message.Registered.Number, message.Registered.FirstName)],
                _ => Cancelled(message.Count),
            };
            await ApplyAsync(message.Count, welcomes, "live updates (WatchStatus)").ConfigureAwait(false);
        }
    }

    // A snapshot names its event: the first one (shown quietly), and the one after the organizer switched events.
    private async Task FollowAsync(EventSummary e)
    {
        if (e.Slug == _eventShown)
        {
            return;
        }

        var switched = _eventShown is not null;
        _eventShown = e.Slug;
        if (e.Language.Length > 0)
        {
            _show.UseLanguage(e.Language);
        }

        if (!switched)
        {
            return;
        }

        // The organizer made another event current: say so, and print its count even if it is the same.
        _printedCount = null;
        await _console.NoticeAsync($"showing {MonitorConsole.Printable(e.Title)} ({e.Slug}), in '{_show.Language}'.").ConfigureAwait(false);
    }

    private IReadOnlyList<string> Cancelled(int count)
    {
        _tracker.Cancelled(count);
        return [];
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var deadline = DateTime.UtcNow + _pollCallTimeout;
            var response = await _legacy.GetStatusAsync(new StatusRequest(), deadline: deadline, cancellationToken: cancellationToken).ConfigureAwait(false);
            var data = response.AppData ?? new AppData();
            var how = $"polling the 2016 GetStatus every {_pollInterval.TotalSeconds:0.###} s (no WatchStatus)";
            await ApplyAsync(data.Counter, _tracker.Poll(data.Counter, data.Attendants), how).ConfigureAwait(false);
            await Task.Delay(_pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    // The count is set before the show goes online, so its first round already has it.
    private async Task ApplyAsync(int count, IReadOnlyList<string> welcomes, string how)
    {
        _state.SetAttendants(Math.Max(0, count));
        await GoOnlineAsync(how).ConfigureAwait(false);
        foreach (var firstName in welcomes)
        {
            _state.AddWelcome(firstName);
            await _console.StatusAsync(MonitorConsole.Printable(_show.WelcomeText(firstName))).ConfigureAwait(false);
        }

        if (_printedCount != count)
        {
            _printedCount = count;
            await _console.StatusAsync(_show.CountText(Math.Max(0, count))).ConfigureAwait(false);
        }
    }

    private async Task GoOnlineAsync(string how)
    {
        _backoff.Reset();
        if (_online == true)
        {
            return;
        }

        var recovered = _online == false;
        _online = true;
        _printedCount = null; // the count is printed again once back, even when it did not change
        _state.SetOnline(true);
        _firstAttempt.TrySetResult();
        await _console.NoticeAsync(recovered
            ? $"back online: {Server} answers again; {how}."
            : $"connected to {Server}; {how}.").ConfigureAwait(false);
    }

    private async Task GoOfflineAsync(string problem)
    {
        if (_online != false)
        {
            var wasOnline = _online == true;
            _online = false;
            _state.SetOnline(false);
            await _console.NoticeAsync(wasOnline
                ? $"offline: lost {Server} ({problem}); showing the offline icon and reconnecting."
                : $"offline: cannot reach {Server} ({problem}); showing the offline icon and retrying.").ConfigureAwait(false);
        }

        _firstAttempt.TrySetResult();
    }

    private static string Describe(Exception exception)
    {
        if (exception is RpcException rpc)
        {
            Exception? inner = rpc.Status.DebugException;
            while (inner?.InnerException is not null)
            {
                inner = inner.InnerException;
            }

            var detail = inner?.Message ?? rpc.Status.Detail;
            return detail.Length == 0 ? rpc.StatusCode.ToString() : $"{rpc.StatusCode}: {detail}";
        }

        return exception.Message;
    }
}
