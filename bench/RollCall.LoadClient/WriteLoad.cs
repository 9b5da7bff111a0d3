using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using RollCall.Legacy;
using RollCall.V1;

namespace RollCall.LoadClient;

/// <summary>Durable writes: seeding, Register with distinct valid codes, IssueCodes and GetCode.</summary>
internal static class WriteLoad
{
    private const int MaxCodesPerCall = 10_000;

    /// <summary>Mints and registers <c>--attendees</c> attendees as fast as the server takes them.</summary>
    public static async Task<LoadResult> SeedAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var channels = settings.Channels();
        var codes = await MintAsync(channels, settings.Admin(), settings.Number("attendees", 10_000), cancellationToken);
        return await RegisterCodesAsync("seed", settings, channels, codes, cancellationToken);
    }

    /// <summary>Mints <c>--count</c> codes untimed, then registers each once, timed.</summary>
    public static async Task<LoadResult> RegisterAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var channels = settings.Channels();
        var codes = await MintAsync(channels, settings.Admin(), settings.Number("count", 50_000), cancellationToken);
        return await RegisterCodesAsync("register", settings, channels, codes, cancellationToken);
    }

    /// <summary>IssueCodes calls of <c>--batch</c> codes each; the rate counts codes.</summary>
    public static async Task<LoadResult> IssueAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var channels = settings.Channels();
        var admin = settings.Admin();
        var batch = settings.Number("batch", 100);
        var calls = settings.Number("count", 2_000);
        var result = new LoadResult("issue");
        result.Set("batch", batch);
        var (ok, elapsed, latencies) = await RunWorkersAsync(settings.Concurrency, calls, result, async (worker, index) =>
        {
            var client = new Admin.AdminClient(channels[worker % channels.Length]);
            var response = await client.IssueCodesAsync(new IssueCodesRequest { Count = batch }, admin, cancellationToken: cancellationToken);
            if (response.Codes.Count != batch)
            {
                throw new RpcException(new Status(StatusCode.DataLoss, $"asked for {batch} codes, got {response.Codes.Count}"));
            }
        }, cancellationToken);
        result.Finish(ok, elapsed, latencies);
        result.Set("codes_per_second", ok * batch / elapsed.TotalSeconds);
        return result;
    }

    /// <summary>2016 GetCode with the admin token, one fresh code per call; checks each is distinct.</summary>
    public static async Task<LoadResult> GetCodeAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var channels = settings.Channels();
        var admin = settings.Admin();
        var calls = settings.Number("count", 2_000);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var result = new LoadResult("getcode");
        var (ok, elapsed, latencies) = await RunWorkersAsync(settings.Concurrency, calls, result, async (worker, index) =>
        {
            var client = new RegisterService.RegisterServiceClient(channels[worker % channels.Length]);
            var response = await client.GetCodeAsync(new CodeRequest(), admin, cancellationToken: cancellationToken);
            if (!seen.TryAdd(response.Code, 0))
            {
                throw new RpcException(new Status(StatusCode.DataLoss, $"code {response.Code} came twice"));
            }
        }, cancellationToken);
        result.Finish(ok, elapsed, latencies);
        return result;
    }

    /// <summary>Mints <paramref name="count"/> codes with the largest IssueCodes batches, two calls at a time.</summary>
    public static async Task<List<string>> MintAsync(GrpcChannel[] channels, Metadata admin, int count, CancellationToken cancellationToken)
    {
        var batches = Enumerable.Range(0, (count + MaxCodesPerCall - 1) / MaxCodesPerCall)
            .Select(i => Math.Min(MaxCodesPerCall, count - (i * MaxCodesPerCall))).ToList();
        var codes = new List<string>(count);
        foreach (var pair in batches.Chunk(2))
        {
            var responses = await Task.WhenAll(pair.Select((size, i) => new Admin.AdminClient(channels[i % channels.Length])
                .IssueCodesAsync(new IssueCodesRequest { Count = size, Label = "bench" }, admin, cancellationToken: cancellationToken).ResponseAsync));
            codes.AddRange(responses.SelectMany(r => r.Codes.Select(c => c.Code)));
        }

        return codes;
    }

    /// <summary>Registers each code once, as "Attendee" and a number, from <c>--concurrency</c> callers.</summary>
    public static async Task<LoadResult> RegisterCodesAsync(string scenario, LoadSettings settings, GrpcChannel[] channels, List<string> codes, CancellationToken cancellationToken)
    {
        var result = new LoadResult(scenario);
        var (ok, elapsed, latencies) = await RunWorkersAsync(settings.Concurrency, codes.Count, result, async (worker, index) =>
        {
            var client = new Registration.RegistrationClient(channels[worker % channels.Length]);
            await client.RegisterAsync(Request(codes[index]), cancellationToken: cancellationToken);
        }, cancellationToken);
        result.Finish(ok, elapsed, latencies);
        return result;
    }

    /// <summary>A realistic registration: about 18 characters of name, as at a meetup.</summary>
    public static RegisterRequest Request(string code) =>
        new() { FirstName = "Attendee", LastName = "No " + code[..Math.Min(6, code.Length)], Code = code };

    /// <summary>
    /// Runs <paramref name="calls"/> calls from <paramref name="workers"/> concurrent callers, each
    /// call with the next index; counts gRPC statuses and times every call.
    /// </summary>
    public static async Task<(long Ok, TimeSpan Elapsed, Latencies Latencies)> RunWorkersAsync(
        int workers, int calls, LoadResult result, Func<int, int, Task> call, CancellationToken cancellationToken)
    {
        var latencies = new Latencies();
        long ok = 0;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var recorder = latencies.Worker((calls / workers * 2) + 64);
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls && !cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await call(worker, index);
                    recorder.Add(Latencies.Milliseconds(start));
                    Interlocked.Increment(ref ok);
                }
                catch (RpcException exception)
                {
                    result.Count(exception.StatusCode);
                }
            }
        }, CancellationToken.None)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (cancellationToken.IsCancellationRequested)
        {
            result.Fail($"The run hit its deadline after {ok} of {calls} calls.");
        }

        return (Interlocked.Read(ref ok), elapsed, latencies);
    }
}
