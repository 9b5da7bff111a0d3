using System.Diagnostics.CodeAnalysis;
using Grpc.Core;
using RollCall.Server.Domain;

namespace RollCall.Server.Grpc;

/// <summary>Throw helpers that keep the services flat.</summary>
internal static class GrpcErrors
{
    [DoesNotReturn]
    public static void Throw(StatusCode code, string message) => throw new RpcException(new Status(code, message));

    /// <summary>The gRPC status of a failed registration, with the seed's message.</summary>
    public static RpcException ForRegistration(RegistrationOutcome outcome, ServerCallContext context)
    {
        if (outcome.RetryAfter is { } retryAfter)
        {
            return RateLimited(context, outcome.Message, retryAfter);
        }

        return new(new Status(
            outcome.Result switch
            {
                RegistrationResult.Invalid => StatusCode.InvalidArgument,
                RegistrationResult.UnknownCode => StatusCode.NotFound,
                RegistrationResult.AlreadyUsed => StatusCode.AlreadyExists,
                RegistrationResult.Unavailable => StatusCode.Unavailable,
                _ => StatusCode.FailedPrecondition,
            },
            outcome.Message));
    }

    /// <summary>
    /// RESOURCE_EXHAUSTED with the wait in the message and as <c>retry-after</c> (seconds): a trailer
    /// for gRPC clients and the <c>Retry-After</c> header of the 429 that JSON transcoding answers.
    /// </summary>
    public static RpcException RateLimited(ServerCallContext context, string message, TimeSpan retryAfter)
    {
        var seconds = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.GetHttpContext().Response.Headers.RetryAfter = seconds;
        return new RpcException(new Status(StatusCode.ResourceExhausted, message), new Metadata { { "retry-after", seconds } });
    }

    /// <summary>Reads page_size: 0 means the default, anything outside 1..max is an error.</summary>
    public static int PageSize(int requested, int fallback = 100, int max = 1000)
    {
        if (requested == 0)
        {
            return fallback;
        }

        if (requested < 0 || requested > max)
        {
            Throw(StatusCode.InvalidArgument, $"page_size must be between 1 and {max}.");
        }

        return requested;
    }

    public static long PageToken(string token)
    {
        if (!ProtoMapping.TryDecodePageToken(token, out var position))
        {
            Throw(StatusCode.InvalidArgument, "page_token is not valid; pass the next_page_token of the previous page.");
        }

        return position;
    }
}
