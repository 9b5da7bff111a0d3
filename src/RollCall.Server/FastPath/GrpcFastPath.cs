using RollCall.Server.Http;

namespace RollCall.Server.FastPath;

/// <summary>
/// The one branch every gRPC call enters before Grpc.AspNetCore: first the frame check
/// (<see cref="GrpcFrameValidation"/>), then the 2016 status fast path
/// (<see cref="LegacyStatusStreaming"/>, with the pre-encoded payloads of <see cref="LegacyStatusEncoder"/>).
/// It exists for speed and for clear errors: the 2016 GetStatus is what every old Go and Python
/// poller calls, and serialising every attendee on every call, or buffering a 3 MB answer per
/// call in flight, is what made the 2016 server slow (docs/BENCHMARKS.md has the figures).
/// Everything else in the pipeline is skipped by gRPC calls, and browsers never enter here.
/// </summary>
public static class GrpcFastPath
{
    /// <summary>The largest gRPC request accepted. Requests are small; responses are not limited.</summary>
    public const int MaxReceiveMessageBytes = 64 * 1024;

    /// <summary>Adds the gRPC branch to the pipeline.</summary>
    public static IApplicationBuilder UseGrpcFastPath(this IApplicationBuilder app) =>
        app.UseWhen(context => HttpPipeline.IsGrpc(context.Request), grpc => grpc
            .UseGrpcFrameValidation()
            .UseLegacyStatusStreaming());
}
