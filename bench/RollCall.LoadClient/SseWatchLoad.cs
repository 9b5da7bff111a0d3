using System.Diagnostics;
using System.Net.Sockets;
using Grpc.Core;
using RollCall.V1;

namespace RollCall.LoadClient;

/// <summary>
/// The live pages' fan-out: <c>--pages</c> N connections to <c>GET /events</c> on the web endpoint
/// (HTTP/1.1, one TCP connection each, as N browsers), then <c>--registrations</c> R v1 Register
/// calls one at a time. Each registration is timed from Register's answer (which the server
/// sends after the commit) to the moment the LAST page received its <c>registered</c> event; also
/// from sending Register to the last page, from the first page to the last (the spread), and
/// Register itself. An event is matched to its call by the attendant number in its data, and
/// every page must see the same version for it, in order. Reads the server's VmRSS before and with
/// the pages open, and its VmHWM with them open, and says how busy the client itself was.
/// </summary>
internal static class SseWatchLoad
{
    public static async Task<LoadResult> RunAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var pages = settings.Number("pages", 1_000);
        var registrations = settings.Number("registrations", 100);
        var serverPid = settings.Number("server-pid", 0);
        var bufferSize = settings.Number("buffer", 1024);
        var openTimeout = TimeSpan.FromSeconds(settings.Number("open-seconds", 120));
        var roundTimeout = TimeSpan.FromSeconds(settings.Number("round-seconds", 10));
        var web = settings.Web;
        var result = new LoadResult("sse-watch");
        result.Set("pages", pages);
        var channels = settings.Channels(1);
        var codes = await WriteLoad.MintAsync(channels, settings.Admin(), registrations, cancellationToken);

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var idleRss = ProcessFigures.Rss(serverPid);
        var fanOut = new SseFanOut(pages);
        var stopping = false;
        var open = new SsePage?[pages];
        // Connections are opened a few hundred at a time, each holding its turn until its snapshot
        // arrives, so the server's accept queue never overflows.
        using var turns = new SemaphoreSlim(settings.Number("open-concurrency", 200));
        var openCpu = ProcessFigures.StartCpu();
        var openStarted = Stopwatch.GetTimestamp();

        async Task RunPageAsync(int index)
        {
            var holding = false;
            Http1Connection? connection = null;
            try
            {
                await turns.WaitAsync(cancellationToken);
                holding = true;
                connection = await Http1Connection.OpenAsync(web, bufferSize, cancellationToken);
                var page = open[index] = new SsePage(connection, fanOut);
                if (!await page.StartAsync(web, cancellationToken))
                {
                    return;
                }

                while (true)
                {
                    if (holding && page.Opened)
                    {
                        turns.Release();
                        holding = false;
                    }

                    if (!await page.ReceiveAsync())
                    {
                        if (!Volatile.Read(ref stopping))
                        {
                            fanOut.Problem("page closed by the server");
                        }

                        return;
                    }
                }
            }
            catch (Exception exception) when (Volatile.Read(ref stopping) && exception is SocketException or ObjectDisposedException or IOException or OperationCanceledException)
            {
                // Closed by the run's end.
            }
            catch (Exception exception) when (exception is SocketException or IOException or InvalidDataException)
            {
                fanOut.Problem("page failed: " + exception.GetType().Name, exception.Message);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                if (holding)
                {
                    turns.Release();
                }

                connection?.Dispose();
            }
        }

        var running = Enumerable.Range(0, pages).Select(RunPageAsync).ToArray();
        if (await Task.WhenAny(fanOut.AllOpened.Task, fanOut.Trouble.Task, Task.Delay(openTimeout, cancellationToken)) != fanOut.AllOpened.Task)
        {
            result.Fail($"Only {fanOut.OpenedCount} of {pages} pages opened within {openTimeout.TotalSeconds} s; first problem: {fanOut.FirstProblem ?? "none (slow)"}.");
            await StopAsync();
            return result;
        }

        var openSeconds = Stopwatch.GetElapsedTime(openStarted).TotalSeconds;
        result.Set("open_seconds", openSeconds);
        result.Set("client_cpu_open", openCpu.Cores());
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var pagesRss = ProcessFigures.Rss(serverPid);
        result.Set("rss_idle_mb", ProcessFigures.Megabytes(idleRss));
        result.Set("rss_pages_mb", ProcessFigures.Megabytes(pagesRss));
        result.Set("hwm_pages_mb", ProcessFigures.Megabytes(ProcessFigures.Peak(serverPid)));
        result.Set("kb_per_page", (pagesRss - idleRss) / 1024.0 / pages);

        var answerToLast = new Latencies();
        var sentToLast = new Latencies();
        var spread = new Latencies();
        var register = new Latencies();
        var answerToLastRecorder = answerToLast.Worker(registrations);
        var sentToLastRecorder = sentToLast.Worker(registrations);
        var spreadRecorder = spread.Worker(registrations);
        var registerRecorder = register.Worker(registrations);
        var client = new Registration.RegistrationClient(channels[0]);
        var cpu = ProcessFigures.StartCpu();
        var started = Stopwatch.GetTimestamp();
        long ok = 0, mismatches = 0;
        foreach (var code in codes)
        {
            var sent = Stopwatch.GetTimestamp();
            RegisterResponse response;
            try
            {
                response = await client.RegisterAsync(WriteLoad.Request(code), cancellationToken: cancellationToken);
            }
            catch (RpcException exception)
            {
                result.Count(exception.StatusCode);
                continue;
            }

            var answered = Stopwatch.GetTimestamp();
            var round = fanOut.Round(response.Attendant.Number);
            if (await Task.WhenAny(round.Done.Task, Task.Delay(roundTimeout, cancellationToken)) != round.Done.Task)
            {
                result.Fail($"Registration {response.Attendant.Number} reached only {pages - round.Remaining} of {pages} pages in {roundTimeout.TotalSeconds} s.");
                break;
            }

            answerToLastRecorder.Add(Stopwatch.GetElapsedTime(answered, round.Last).TotalMilliseconds);
            sentToLastRecorder.Add(Stopwatch.GetElapsedTime(sent, round.Last).TotalMilliseconds);
            spreadRecorder.Add(Stopwatch.GetElapsedTime(round.First, round.Last).TotalMilliseconds);
            registerRecorder.Add(Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds);
            mismatches += round.VersionMismatches;
            ok++;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        result.Set("client_cpu", cpu.Cores());
        result.Set("hwm_end_mb", ProcessFigures.Megabytes(ProcessFigures.Peak(serverPid)));
        foreach (var (kind, count) in fanOut.Problems)
        {
            result.Count(kind, count);
        }

        if (mismatches > 0)
        {
            result.Count("pages saw another version", mismatches);
        }

        result.Finish(ok, elapsed, answerToLast);
        result.Set("events_per_second", ok * (double)pages / elapsed.TotalSeconds);
        result.Set("sent_last_p50_ms", sentToLast.Percentile(0.50));
        result.Set("sent_last_p99_ms", sentToLast.Percentile(0.99));
        result.Set("spread_p50_ms", spread.Percentile(0.50));
        result.Set("spread_p99_ms", spread.Percentile(0.99));
        result.Set("register_p50_ms", register.Percentile(0.50));
        result.Set("register_p99_ms", register.Percentile(0.99));
        await StopAsync();
        return result;

        async Task StopAsync()
        {
            Volatile.Write(ref stopping, true);
            foreach (var page in open)
            {
                page?.Close();
            }

            await Task.WhenAny(Task.WhenAll(running), Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));
        }
    }
}
