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

    /// <summary>The status of an order for codes that broke a rule, or whose event is closed.</summary>
    public static RpcException For(IssueProblem problem, EventRecord? e = null) => problem == IssueProblem.EventClosed
        ? new(new Status(StatusCode.FailedPrecondition, $"The event '{e?.Slug}' is closed; reopen it to issue codes."))
        : new(new Status(StatusCode.InvalidArgument, problem switch
        {
            IssueProblem.CountOutOfRange => $"count must be between 1 and {CodeDesk.MaxCodesPerCall:N0}.",
            IssueProblem.LabelTooLong => $"label must be at most {CodeLabel.MaxLength} characters.",
            IssueProblem.LabelControlCharacters => "label must not contain control characters.",
            _ => "ttl must be positive and at most ten years.",
        }));

    /// <summary>The event a call names (empty: the current one); NOT_FOUND for an unknown slug.</summary>
    public static EventRecord Event(AttendeeRecords attendees, string slug) =>
        attendees.Resolve(slug) ?? throw NoSuchEvent(slug);

    /// <summary>NOT_FOUND for a slug no event has.</summary>
    public static RpcException NoSuchEvent(string slug) =>
        new(new Status(StatusCode.NotFound, $"There is no event '{Shown(slug)}'."));

    /// <summary>The status of a change to an event that was refused.</summary>
    public static RpcException For(EventOutcome outcome, IReadOnlyList<string> languages) => outcome switch
    {
        EventOutcome.NotFound notFound => NoSuchEvent(notFound.Slug),
        EventOutcome.SlugTaken taken => new(new Status(StatusCode.AlreadyExists, $"An event with the slug '{Shown(taken.Slug)}' already exists.")),
        EventOutcome.CurrentCannotBeArchived archived => new(new Status(
            StatusCode.FailedPrecondition, $"The event '{archived.Event.Slug}' is current; make another event current before archiving it.")),
        EventOutcome.ArchivedCannotBeCurrent archived => new(new Status(
            StatusCode.FailedPrecondition, $"The event '{archived.Event.Slug}' is archived; reopen it before making it current.")),
        EventOutcome.Invalid invalid => new(new Status(StatusCode.InvalidArgument, invalid.Problem switch
        {
            EventProblem.BadSlug => $"slug must be 1 to {EventRules.MaxSlugLength} of a-z, 0-9 and '-', starting and ending with a letter or digit.",
            EventProblem.BadTitle => $"title must be 1 to {EventRules.MaxTitleLength} characters without control characters.",
            EventProblem.BadLanguage => $"language must be one of {string.Join(", ", languages)}.",
            EventProblem.EndsBeforeItStarts => "ends_at must not be before starts_at.",
            _ => $"forget_after_days must be between 0 and {EventRules.MaxForgetAfterDays:N0}.",
        })),
        _ => new(new Status(StatusCode.Internal, "The event change failed.")),
    };

    private static string Shown(string slug) => slug.Length <= EventRules.MaxSlugLength ? slug : slug[..EventRules.MaxSlugLength] + "…";

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
