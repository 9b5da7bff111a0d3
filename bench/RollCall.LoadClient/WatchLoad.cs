using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using RollCall.V1;

namespace RollCall.LoadClient;

/// <summary>
/// N WatchStatus streams, then registrations one at a time: each is timed from sending Register
/// (so the figure includes the commit) to its arrival on the LAST stream, and from its arrival
/// on the first stream to the last (the fan-out spread alone). Reads the server's RSS before and
/// after opening the streams for the memory each subscriber costs.
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
        var idleRss = Rss(serverPid);
        var remaining = 0;
        long firstArrival = 0;
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
                        Interlocked.CompareExchange(ref firstArrival, Stopwatch.GetTimestamp(), 0);
                        if (Interlocked.Decrement(ref remaining) == 0)
                        {
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
        var watchingRss = Rss(serverPid);
        result.Set("rss_idle_mb", idleRss / 1048576.0);
        result.Set("rss_watching_mb", watchingRss / 1048576.0);
        result.Set("kb_per_watcher", (watchingRss - idleRss) / 1024.0 / watchers);

        var toLast = new Latencies();
        var spread = new Latencies();
        var toLastRecorder = toLast.Worker(registrations);
        var spreadRecorder = spread.Worker(registrations);
        var register = new Registration.RegistrationClient(channels[0]);
        var started = Stopwatch.GetTimestamp();
        long ok = 0;
        foreach (var code in codes)
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            allArrived = tcs;
            Volatile.Write(ref remaining, watchers);
            Volatile.Write(ref firstArrival, 0);
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

            if (await Task.WhenAny(tcs.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken)) != tcs.Task)
            {
                result.Fail($"Registration {response.Attendant.Number} reached only {watchers - Volatile.Read(ref remaining)} of {watchers} streams in 10 s.");
                break;
            }

            var end = Stopwatch.GetTimestamp();
            toLastRecorder.Add(Stopwatch.GetElapsedTime(sent, end).TotalMilliseconds);
            spreadRecorder.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref firstArrival), end).TotalMilliseconds);
            ok++;
        }

        result.Finish(ok, Stopwatch.GetElapsedTime(started), toLast);
        result.Set("spread_p50_ms", spread.Percentile(0.50));
        result.Set("spread_p99_ms", spread.Percentile(0.99));
        await stop.CancelAsync();
        await Task.WhenAll(streams);
        return result;
    }

    /// <summary>The resident set of a process, in bytes, from /proc (0 when unknown).</summary>
    public static long Rss(int pid)
    {
        if (pid <= 0)
        {
            return 0;
        }

        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
