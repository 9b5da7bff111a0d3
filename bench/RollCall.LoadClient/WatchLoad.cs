using System.Diagnostics;
using Grpc.Core;
using RollCall.V1;

namespace RollCall.LoadClient;

/// <summary>
/// N WatchStatus streams, then registrations one at a time: each is timed from sending Register
/// (so the figure includes the commit) to its arrival on the LAST stream, from Register's answer
/// (sent after the commit) to the last stream (negative when every stream heard of it before the
/// caller did), and from its arrival on the first stream to the last (the fan-out spread alone).
/// The commit lies between the sending and the answer, so the first two bracket commit→last.
/// Reads the server's VmRSS before and after opening the streams for the memory each subscriber
/// costs, and its VmHWM with the streams open.
/// </summary>
internal static class WatchLoad
{
    public static async Task<LoadResult> RunAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var watchers = settings.Number("watchers", 1_000);
        var registrations = settings.Number("registrations", 100);
        var serverPid = settings.Number("server-pid", 0);
        var result = new LoadResult("watch");
        result.Set("watchers", watchers);
        var admin = settings.Admin();
        var channels = settings.Channels(Math.Max(1, watchers / 100));
        var codes = await WriteLoad.MintAsync(channels, admin, registrations, cancellationToken);

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var idleRss = ProcessFigures.Rss(serverPid);
        var remaining = 0;
        long firstArrival = 0, lastArrival = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var opened = new CountdownEvent(watchers);
        var streams = Enumerable.Range(0, watchers).Select(i => Task.Run(async () =>
        {
            var client = new Registration.RegistrationClient(channels[i % channels.Length]);
            using var call = client.WatchStatus(new WatchStatusRequest(), cancellationToken: stop.Token);
            var first = true;
            try
            {
                await foreach (var message in call.ResponseStream.ReadAllAsync(stop.Token))
                {
                    if (first)
                    {
                        first = false;
                        opened.Signal();
                        continue;
                    }

                    // Registrations go one at a time and nobody else registers: any arrival is this round's.
                    if (message.EventCase == WatchStatusResponse.EventOneofCase.Registered)
                    {
                        var now = Stopwatch.GetTimestamp();
                        Interlocked.CompareExchange(ref firstArrival, now, 0);
                        if (Interlocked.Decrement(ref remaining) == 0)
                        {
                            // The last stream's arrival, not the moment the registering loop wakes up.
                            Volatile.Write(ref lastArrival, now);
                            allArrived.TrySetResult();
                        }
                    }
                }
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled)
            {
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None)).ToList();

        if (!opened.Wait(TimeSpan.FromSeconds(60), cancellationToken))
        {
            result.Fail($"Only {watchers - opened.CurrentCount} of {watchers} streams opened within 60 s.");
            await stop.CancelAsync();
            return result;
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var watchingRss = ProcessFigures.Rss(serverPid);
        result.Set("rss_idle_mb", ProcessFigures.Megabytes(idleRss));
        result.Set("rss_watching_mb", ProcessFigures.Megabytes(watchingRss));
        result.Set("hwm_watching_mb", ProcessFigures.Megabytes(ProcessFigures.Peak(serverPid)));
        result.Set("kb_per_watcher", (watchingRss - idleRss) / 1024.0 / watchers);

        var toLast = new Latencies();
        var answerToLast = new Latencies();
        var spread = new Latencies();
        var toLastRecorder = toLast.Worker(registrations);
        var answerToLastRecorder = answerToLast.Worker(registrations);
        var spreadRecorder = spread.Worker(registrations);
        var cpu = ProcessFigures.StartCpu();
        var register = new Registration.RegistrationClient(channels[0]);
        var started = Stopwatch.GetTimestamp();
        long ok = 0;
        foreach (var code in codes)
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            allArrived = tcs;
            Volatile.Write(ref remaining, watchers);
            Volatile.Write(ref firstArrival, 0);
            Volatile.Write(ref lastArrival, 0);
            var sent = Stopwatch.GetTimestamp();
            RegisterResponse response;
            try
            {
                response = await register.RegisterAsync(WriteLoad.Request(code), cancellationToken: cancellationToken);
            }
            catch (RpcException exception)
            {
                result.Count(exception.StatusCode);
                continue;
            }

            var answered = Stopwatch.GetTimestamp();
            if (await Task.WhenAny(tcs.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken)) != tcs.Task)
            {
                result.Fail($"Registration {response.Attendant.Number} reached only {watchers - Volatile.Read(ref remaining)} of {watchers} streams in 10 s.");
                break;
            }

            var end = Volatile.Read(ref lastArrival);
            toLastRecorder.Add(Stopwatch.GetElapsedTime(sent, end).TotalMilliseconds);
            answerToLastRecorder.Add(Stopwatch.GetElapsedTime(answered, end).TotalMilliseconds);
            spreadRecorder.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref firstArrival), end).TotalMilliseconds);
            ok++;
        }

        result.Finish(ok, Stopwatch.GetElapsedTime(started), toLast);
        result.Set("client_cpu", cpu.Cores());
        result.Set("answer_last_p50_ms", answerToLast.Percentile(0.50));
        result.Set("answer_last_p99_ms", answerToLast.Percentile(0.99));
        result.Set("spread_p50_ms", spread.Percentile(0.50));
        result.Set("spread_p99_ms", spread.Percentile(0.99));
        result.Set("hwm_end_mb", ProcessFigures.Megabytes(ProcessFigures.Peak(serverPid)));
        await stop.CancelAsync();
        await Task.WhenAll(streams);
        return result;
    }
}
