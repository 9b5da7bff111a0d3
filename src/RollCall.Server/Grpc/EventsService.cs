using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RollCall.Server.Application;
using RollCall.Server.Http;
using RollCall.V1;

namespace RollCall.Server.Grpc;

/// <summary>The organizer's v1 API for events: every method needs an admin token (<see cref="AdminPolicies.Admin"/>).</summary>
[Authorize(Policy = AdminPolicies.Admin)]
public sealed class EventsService(EventDesk desk) : Events.EventsBase
{
    private static readonly Dictionary<string, EventFieldMask> _maskPaths = new(StringComparer.Ordinal)
    {
        ["title"] = EventFieldMask.Title,
        ["starts_at"] = EventFieldMask.StartsAt,
        ["ends_at"] = EventFieldMask.EndsAt,
        ["language"] = EventFieldMask.Language,
        ["forget_after_days"] = EventFieldMask.ForgetAfterDays,
        ["public_names"] = EventFieldMask.PublicNames,
    };

    /// <inheritdoc />
    public override async Task<CreateEventResponse> CreateEvent(CreateEventRequest request, ServerCallContext context)
    {
        var e = request.Event ?? new Event();
        var outcome = await desk.CreateAsync(e.Slug, Fields(e), request.KeepNames, Caller(context), context.CancellationToken);
        return new CreateEventResponse { Event = await ViewAsync(outcome, context) };
    }

    /// <inheritdoc />
    public override async Task<GetEventResponse> GetEvent(GetEventRequest request, ServerCallContext context)
    {
        var view = await desk.GetAsync(request.Event, context.CancellationToken) ?? throw GrpcOutcomes.NoSuchEvent(request.Event);
        return new GetEventResponse { Event = view.ToProto() };
    }

    /// <inheritdoc />
    public override async Task<ListEventsResponse> ListEvents(ListEventsRequest request, ServerCallContext context)
    {
        var pageSize = GrpcOutcomes.PageSize(request.PageSize);
        var after = GrpcOutcomes.PageToken(request.PageToken);
        var page = await desk.ListAsync(request.ShowArchived, after, pageSize + 1, context.CancellationToken);
        var response = new ListEventsResponse();
        response.Events.AddRange(page.Take(pageSize).Select(v => v.ToProto()));
        if (page.Count > pageSize)
        {
            response.NextPageToken = ProtoMapping.EncodePageToken(page[pageSize - 1].Event.Id);
        }

        return response;
    }

    /// <inheritdoc />
    public override async Task<UpdateEventResponse> UpdateEvent(UpdateEventRequest request, ServerCallContext context)
    {
        var e = request.Event ?? new Event();
        var mask = EventFieldMask.None;
        foreach (var path in request.UpdateMask?.Paths ?? [])
        {
            mask |= _maskPaths.TryGetValue(path, out var field)
                ? field
                : throw new RpcException(new Status(StatusCode.InvalidArgument, $"update_mask may name {string.Join(", ", _maskPaths.Keys)}; not '{(path.Length <= 64 ? path : path[..64])}'."));
        }

        var outcome = await desk.UpdateAsync(e.Slug, Fields(e), mask == EventFieldMask.None ? EventFieldMask.All : mask, Caller(context), context.CancellationToken);
        return new UpdateEventResponse { Event = await ViewAsync(outcome, context) };
    }

    /// <inheritdoc />
    public override async Task<CloseEventResponse> CloseEvent(CloseEventRequest request, ServerCallContext context) =>
        new() { Event = await ViewAsync(await desk.CloseAsync(request.Event, Caller(context), context.CancellationToken), context) };

    /// <inheritdoc />
    public override async Task<ReopenEventResponse> ReopenEvent(ReopenEventRequest request, ServerCallContext context) =>
        new() { Event = await ViewAsync(await desk.ReopenAsync(request.Event, Caller(context), context.CancellationToken), context) };

    /// <inheritdoc />
    public override async Task<ArchiveEventResponse> ArchiveEvent(ArchiveEventRequest request, ServerCallContext context) =>
        new() { Event = await ViewAsync(await desk.ArchiveAsync(request.Event, Caller(context), context.CancellationToken), context) };

    /// <inheritdoc />
    public override async Task<SetCurrentEventResponse> SetCurrentEvent(SetCurrentEventRequest request, ServerCallContext context) =>
        new() { Event = await ViewAsync(await desk.SetCurrentAsync(request.Event, Caller(context), context.CancellationToken), context) };

    /// <inheritdoc />
    public override async Task<ForgetAttendeesResponse> ForgetAttendees(ForgetAttendeesRequest request, ServerCallContext context)
    {
        var caller = Caller(context);
        var forgotten = await desk.ForgetAsync(request.Event, $"asked by admin token '{caller.TokenName}'", context.CancellationToken)
            ?? throw GrpcOutcomes.NoSuchEvent(request.Event);
        var view = await desk.GetAsync(forgotten.Event.Slug, context.CancellationToken);
        return new ForgetAttendeesResponse { Event = view!.ToProto(), Forgotten = forgotten.Forgotten };
    }

    private static EventFields Fields(Event e) => new(
        e.Title,
        e.StartsAt?.ToDateTimeOffset(),
        e.EndsAt?.ToDateTimeOffset(),
        e.Language.Length == 0 ? null : e.Language,
        e.ForgetAfterDays,
        e.PublicNames);

    private async Task<Event> ViewAsync(EventOutcome outcome, ServerCallContext context)
    {
        if (outcome is not EventOutcome.Done done)
        {
            throw GrpcOutcomes.For(outcome, desk.Languages);
        }

        var view = await desk.GetAsync(done.Event.Slug, context.CancellationToken);
        return (view ?? new EventView(done.Event, new Domain.EventCounts(0, 0, 0), false)).ToProto();
    }

    private static AdminCaller Caller(ServerCallContext context) => new(AdminAuthentication.CallerName(context.GetHttpContext()), "v1");
}
