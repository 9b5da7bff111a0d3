using Grpc.Core;
using RollCall.Legacy;
using RollCall.V1;

namespace RollCall.LoadClient;

/// <summary>
/// The gRPC-level check behind h2load's figures: h2load counts HTTP statuses only, so the same
/// calls are made here with the generated client, which reads grpc-status from the trailers and
/// decodes every response.
/// </summary>
internal static class Verification
{
    public static async Task<LoadResult> VerifyAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var legacy = settings.Text("read", "legacy") == "legacy";
        var expected = settings.Number("expect-count", -1);
        var channels = settings.Channels(1);
        var legacyClient = new RegisterService.RegisterServiceClient(channels[0]);
        var client = new Registration.RegistrationClient(channels[0]);
        var result = new LoadResult("verify-" + (legacy ? "legacy" : "v1"));
        var (ok, elapsed, latencies) = await WriteLoad.RunWorkersAsync(settings.Concurrency, settings.Number("calls", 1_000), result, async (worker, index) =>
        {
            var count = legacy
                ? Check((await legacyClient.GetStatusAsync(new StatusRequest(), cancellationToken: cancellationToken)).AppData)
                : (await client.GetStatusAsync(new GetStatusRequest(), cancellationToken: cancellationToken)).Count;
            if (expected >= 0 && count != expected)
            {
                throw new RpcException(new Status(StatusCode.DataLoss, $"expected {expected} attendees, the server said {count}"));
            }
        }, cancellationToken);
        result.Finish(ok, elapsed, latencies);
        return result;
    }

    public static async Task<LoadResult> CountCodesAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var stats = await new Admin.AdminClient(settings.Channels(1)[0])
            .GetCodeStatsAsync(new GetCodeStatsRequest(), settings.Admin(), cancellationToken: cancellationToken);
        var result = new LoadResult("codes");
        result.Set("issued", stats.Issued);
        result.Set("redeemed", stats.Redeemed);
        return result;
    }

    private static int Check(AppData data)
    {
        if (data.Attendants.Count != 0 && data.Attendants.Count != data.Counter)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, $"counter {data.Counter} but {data.Attendants.Count} names"));
        }

        return data.Counter;
    }
}
