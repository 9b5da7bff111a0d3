using Microsoft.AspNetCore.Http.Features;
using RollCall.Server.Application;

namespace RollCall.Server.FastPath;

/// <summary>
/// Sends a large 2016 status (names public, more than <see cref="StreamedFromBytes"/>) in chunks
/// that wait for the client, instead of through Grpc.AspNetCore, which buffers a whole unary
/// response before it sends any: with 100,000 attendees that is 3 MB per call in flight, and a
/// few hundred concurrent pollers held most of a gigabyte. The bytes on the wire are the same
/// gRPC response (one length-prefixed message, then <c>grpc-status: 0</c> in the trailers); small
/// statuses, hidden names and anything unusual still go through gRPC. Runs after the frame
/// validation, so the request is a well-formed empty <c>StatusRequest</c>.
/// </summary>
internal static class LegacyStatusStreaming
{
    /// <summary>Statuses at least this large are streamed.</summary>
    public const int StreamedFromBytes = 64 * 1024;

    private const string Path = "/services.RegisterService/GetStatus";
    private const int ChunkBytes = 32 * 1024;

    /// <summary>Adds the streaming path to the pipeline.</summary>
    public static IApplicationBuilder UseLegacyStatusStreaming(this IApplicationBuilder app)
    {
        var attendees = app.ApplicationServices.GetRequiredService<AttendeeRecords>();
        var encoder = app.ApplicationServices.GetRequiredService<LegacyStatusEncoder>();
        return app.Use((context, next) =>
        {
            var request = context.Request;
            if (!attendees.NamesArePublic
                || request.Path.Value != Path
                || !HttpMethods.IsPost(request.Method)
                || !HttpProtocol.IsHttp2(request.Protocol)
                || !string.Equals(request.ContentType, "application/grpc", StringComparison.Ordinal)
                || context.Features.Get<IHttpResponseTrailersFeature>() is null)
            {
                return next(context);
            }

            // The status is built by now in all but the first read of a version; no async frame when it is small.
            var status = encoder.Encode(attendees.Current, names: true);
            return status.IsCompletedSuccessfully && status.Result.Length < StreamedFromBytes
                ? next(context)
                : StreamOrPassAsync(context, next, status);
        });
    }

    private static async Task StreamOrPassAsync(HttpContext context, RequestDelegate next, Task<LegacyStatusPayload> status)
    {
        var payload = await status;
        if (payload.Length < StreamedFromBytes)
        {
            await next(context);
            return;
        }

        await WriteAsync(context, payload);
    }

    private static async Task WriteAsync(HttpContext context, LegacyStatusPayload payload)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-accept-encoding"] = "identity";
        response.AppendTrailer("grpc-status", "0");
        var cancellation = context.RequestAborted;
        try
        {
            var prefix = new byte[5];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), (uint)payload.Length);
            await response.BodyWriter.WriteAsync(prefix, cancellation);
            await response.BodyWriter.WriteAsync(payload.Header, cancellation);
            for (var offset = 0; offset < payload.Entries.Length; offset += ChunkBytes)
            {
                // Each write waits while the client has not taken the previous chunks.
                var chunk = payload.Entries.Slice(offset, Math.Min(ChunkBytes, payload.Entries.Length - offset));
                await response.BodyWriter.WriteAsync(chunk, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client went away; there is nobody left to answer.
        }
    }
}
