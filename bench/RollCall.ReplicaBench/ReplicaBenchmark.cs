using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using RollCall.V1;

namespace RollCall.ReplicaBench;

/// <summary>
/// Two phases against N replicas sharing one PostgreSQL. Propagation latency is measured from the
/// moment a Register call is sent to the first replica until the WatchStatus stream on the last
/// replica delivers that registration: an upper bound on commit-to-arrival, on one clock.
/// </summary>
internal static class ReplicaBenchmark
{
    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var channels = settings.Replicas.Select(u => GrpcChannel.ForAddress(u, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        })).ToList();
        var clients = channels.Select(c => new Registration.RegistrationClient(c)).ToList();
        var codes = await MintAsync(channels[0], settings.Token, settings.Registrations + settings.Paced);
        using var stop = new CancellationTokenSource(settings.MaxDuration + TimeSpan.FromSeconds(30));
        var arrivals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var watcher = await WatchAsync(clients[^1], arrivals, stop.Token);

        var load = codes.Take(settings.Registrations).ToList();
        var sentAt = new ConcurrentDictionary<string, (long At, bool ToFirst)>(StringComparer.Ordinal);
        var registerTimes = new ConcurrentBag<double>();
        var failures = 0;
        var next = -1;
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.MaxDuration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < load.Count && Stopwatch.GetTimestamp() < deadline)
            {
                var code = load[index];
                var replica = index % clients.Count;
                var sent = Stopwatch.GetTimestamp();
                sentAt[code] = (sent, replica == 0);
                try
                {
                    await clients[replica].RegisterAsync(new RegisterRequest { FirstName = "Bench", LastName = code, Code = code });
                    registerTimes.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var registered = registerTimes.Count;

        // Paced phase: a steady stream on the first replica, so latency is not queueing behind a flood.
        var paced = codes.Skip(settings.Registrations).ToList();
        var pacedSent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var pacedCalls = new List<Task>(paced.Count);
        var interval = TimeSpan.FromSeconds(1.0 / settings.Rate);
        var pacedStart = Stopwatch.GetTimestamp();
        for (var i = 0; i < paced.Count && Stopwatch.GetTimestamp() < deadline + (long)(30 * Stopwatch.Frequency); i++)
        {
            var due = pacedStart + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var code = paced[i];
            pacedSent[code] = Stopwatch.GetTimestamp();
            pacedCalls.Add(clients[0].RegisterAsync(new RegisterRequest { FirstName = "Paced", LastName = code, Code = code }).ResponseAsync);
        }

        await Task.WhenAll(pacedCalls);
        var settle = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (arrivals.Count < registered + pacedSent.Count && Stopwatch.GetTimestamp() < settle)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await watcher;

        var loadLatency = Latencies(sentAt.Where(s => s.Value.ToFirst).ToDictionary(s => s.Key, s => s.Value.At), arrivals);
        var pacedLatency = Latencies(pacedSent.ToDictionary(), arrivals);
        return string.Create(CultureInfo.InvariantCulture, $"| {settings.Replicas.Count} | {registered} in {elapsed.TotalSeconds:F1} s | **{registered / elapsed.TotalSeconds:F0}** | {Percentile(registerTimes, 50):F1} / {Percentile(registerTimes, 99):F1} ms | {Format(loadLatency)} | {Format(pacedLatency)} (at {settings.Rate}/s) | {failures} |");
    }

    private static async Task<List<string>> MintAsync(GrpcChannel channel, string token, int count)
    {
        var admin = new Admin.AdminClient(channel);
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        var codes = new List<string>(count);
        while (codes.Count < count)
        {
            var response = await admin.IssueCodesAsync(new IssueCodesRequest { Count = Math.Min(10_000, count - codes.Count), Label = "bench" }, headers);
            codes.AddRange(response.Codes.Select(c => c.Code));
        }

        return codes;
    }

    private static async Task<Task> WatchAsync(Registration.RegistrationClient client, ConcurrentDictionary<string, long> arrivals, CancellationToken cancellationToken)
    {
        var call = client.WatchStatus(new WatchStatusRequest(), cancellationToken: cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken))
        {
            throw new InvalidOperationException("WatchStatus ended before its snapshot.");
        }

        return Task.Run(async () =>
        {
            using (call)
            {
                try
                {
                    while (await call.ResponseStream.MoveNext(cancellationToken))
                    {
                        if (call.ResponseStream.Current.EventCase == WatchStatusResponse.EventOneofCase.Registered)
                        {
                            arrivals.TryAdd(call.ResponseStream.Current.Registered.LastName, Stopwatch.GetTimestamp());
                        }
                    }
                }
                catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled)
                {
                }
            }
        }, CancellationToken.None);
    }

    private static (List<double> Values, int Missed) Latencies(Dictionary<string, long> sent, ConcurrentDictionary<string, long> arrivals)
    {
        var values = new List<double>(sent.Count);
        var missed = 0;
        foreach (var (code, at) in sent)
        {
            if (arrivals.TryGetValue(code, out var arrived))
            {
                values.Add(Stopwatch.GetElapsedTime(at, arrived).TotalMilliseconds);
            }
            else
            {
                missed++;
            }
        }

        return (values, missed);
    }

    private static string Format((List<double> Values, int Missed) latency) =>
        latency.Values.Count == 0 ? "n/a"
        : string.Create(CultureInfo.InvariantCulture, $"{Percentile(latency.Values, 50):F1} / {Percentile(latency.Values, 99):F1} ms")
            + (latency.Missed > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({latency.Missed} not seen singly)") : string.Empty);

    private static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
