using System.Diagnostics.CodeAnalysis;
using Grpc.Core;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Http;

namespace RollCall.Server.Grpc;

/// <summary>
/// The gRPC door's one table from use-case outcomes to statuses and messages (JSON transcoding
/// turns the statuses into HTTP codes), and the throw helpers that keep the services flat.
/// </summary>
internal static class GrpcOutcomes
{
    [DoesNotReturn]
    public static void Throw(StatusCode code, string message) => throw new RpcException(new Status(code, message));

    /// <summary>The status of a registration that did not register, with the seed's message.</summary>
    public static RpcException For(RegistrationOutcome outcome, ServerCallContext context) => outcome switch
    {
        RegistrationOutcome.RateLimited limited => RateLimited(context, limited.Message, limited.RetryAfter),
        RegistrationOutcome.Invalid => new(new Status(StatusCode.InvalidArgument, outcome.Message)),
        RegistrationOutcome.UnknownCode => new(new Status(StatusCode.NotFound, outcome.Message)),
        RegistrationOutcome.AlreadyUsed => new(new Status(StatusCode.AlreadyExists, outcome.Message)),
        _ => new(new Status(StatusCode.FailedPrecondition, outcome.Message)),
    };

    /// <summary>The status of a refused admin call, with <c>retry-after</c> when the caller should wait.</summary>
    public static RpcException For(AdminRefusal refusal, ServerCallContext context) =>
        refusal.Kind == AdminRefusalKind.TooManyFailures
            ? RateLimited(context, refusal.Message, refusal.RetryAfter)
            : new(new Status(refusal.GrpcStatus, refusal.Message));

    /// <summary>The status of an order for codes that broke a rule.</summary>
    public static RpcException For(IssueProblem problem) => new(new Status(StatusCode.InvalidArgument, problem switch
    {
        IssueProblem.CountOutOfRange => $"count must be between 1 and {CodeDesk.MaxCodesPerCall:N0}.",
        IssueProblem.LabelTooLong => $"label must be at most {CodeLabel.MaxLength} characters.",
        IssueProblem.LabelControlCharacters => "label must not contain control characters.",
        _ => "ttl must be positive and at most ten years.",
    }));

    /// <summary>
    /// RESOURCE_EXHAUSTED with the wait in the message and as <c>retry-after</c> (seconds): a trailer
    /// for gRPC clients and the <c>Retry-After</c> header of the 429 that JSON transcoding answers.
    /// </summary>
    public static RpcException RateLimited(ServerCallContext context, string message, TimeSpan retryAfter)
    {
        var seconds = HttpPipeline.SetRetryAfter(context.GetHttpContext().Response, retryAfter);
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

    /// <summary>Reads page_token; empty means the first page.</summary>
    public static long PageToken(string token)
    {
        if (!ProtoMapping.TryDecodePageToken(token, out var position))
        {
            Throw(StatusCode.InvalidArgument, "page_token is not valid; pass the next_page_token of the previous page.");
        }

        return position;
    }
}
