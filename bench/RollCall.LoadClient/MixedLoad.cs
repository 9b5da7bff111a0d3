using System.Diagnostics;
using Grpc.Core;
using RollCall.Legacy;
using RollCall.V1;

namespace RollCall.LoadClient;

/// <summary>
/// Status reads with registrations mixed in (<c>--write-percent</c>, default 5) for
/// <c>--seconds</c>: every registration replaces the snapshot that the reads are served from.
/// </summary>
internal static class MixedLoad
{
    public static async Task<LoadResult> RunAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var seconds = settings.Number("seconds", 10);
        var writePercent = settings.Number("write-percent", 5);
        var legacy = settings.Text("read", "legacy") == "legacy";
        var channels = settings.Channels();
        // Enough codes for a generous write rate; the run stops early if they run out.
        var codes = await WriteLoad.MintAsync(channels, settings.Admin(), settings.Number("codes", 20_000), cancellationToken);
        var result = new LoadResult("mixed");
        var readLatencies = new Latencies();
        var writeLatencies = new Latencies();
        long reads = 0, writes = 0;
        var nextCode = -1;
        var end = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(worker => Task.Run(async () =>
        {
            var channel = channels[worker % channels.Length];
            var legacyClient = new RegisterService.RegisterServiceClient(channel);
            var client = new Registration.RegistrationClient(channel);
            var readRecorder = readLatencies.Worker(1_000_000 / settings.Concurrency);
            var writeRecorder = writeLatencies.Worker(codes.Count);
            var random = new Random(worker);
            while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    if (random.Next(100) < writePercent)
                    {
                        var index = Interlocked.Increment(ref nextCode);
                        if (index >= codes.Count)
                        {
                            result.Fail("The mixed run used up its codes; raise --codes.");
                            return;
                        }

                        await client.RegisterAsync(WriteLoad.Request(codes[index]), cancellationToken: cancellationToken);
                        writeRecorder.Add(Latencies.Milliseconds(start));
                        Interlocked.Increment(ref writes);
                    }
                    else
                    {
                        if (legacy)
                        {
                            await legacyClient.GetStatusAsync(new StatusRequest(), cancellationToken: cancellationToken);
                        }
                        else
                        {
                            await client.GetStatusAsync(new GetStatusRequest(), cancellationToken: cancellationToken);
                        }

                        readRecorder.Add(Latencies.Milliseconds(start));
                        Interlocked.Increment(ref reads);
                    }
                }
                catch (RpcException exception)
                {
                    result.Count(exception.StatusCode);
                }
            }
        }, CancellationToken.None)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        result.Finish(reads + writes, elapsed, readLatencies);
        result.Set("reads_per_second", reads / elapsed.TotalSeconds);
        result.Set("writes_per_second", writes / elapsed.TotalSeconds);
        result.Set("write_p50_ms", writeLatencies.Percentile(0.50));
        result.Set("write_p99_ms", writeLatencies.Percentile(0.99));
        return result;
    }
}
