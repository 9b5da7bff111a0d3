using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Http;
using RollCall.Server.Live;
using RollCall.V1;

namespace RollCall.Server.Grpc;

/// <summary>The public v1 API: register, read and follow the status.</summary>
public sealed class RegistrationService(
    RegistrationDesk desk,
    AttendeeRecords attendees,
    WatcherLimiter watchers) : Registration.RegistrationBase
{
    // Kept with the event they name: a renamed event's streams get its new title in the next snapshot.
    private static readonly SnapshotView<KeyedView<EventRecord, WatchStatusResponse>> _watchSnapshot = new();
    private static readonly SnapshotView<KeyedView<EventRecord, WatchStatusResponse>> _watchSnapshotCountOnly = new();

    /// <inheritdoc />
    public override async Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context)
    {
        var attempt = new RegistrationAttempt(request.FirstName, request.LastName, request.Code, ClientAddress.PartitionKey(context));
        var outcome = await desk.RegisterAsync(attempt, context.CancellationToken);
        if (outcome is not RegistrationOutcome.Registered registered)
        {
            throw GrpcOutcomes.For(outcome, context);
        }

        return new RegisterResponse { Attendant = registered.Attendant.ToProto(), Message = outcome.Message, Event = registered.Event?.ToSummary() };
    }

    /// <inheritdoc />
    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        // Public names (the usual case) decide at once: answer with the cached task, no state machine.
        var e = GrpcOutcomes.Event(attendees, request.Event);
        var showNames = StatusResponses.ShowNamesAsync(attendees, e, context);
        return showNames.IsCompletedSuccessfully
            ? StatusResponses.V1(e, attendees.Status(e), attendees.RecentAttendants, showNames.Result)
            : GetStatusAsync(e, showNames);
    }

    private async Task<GetStatusResponse> GetStatusAsync(EventRecord e, Task<bool> showNames) =>
        await StatusResponses.V1(e, attendees.Status(e), attendees.RecentAttendants, await showNames);

    /// <inheritdoc />
    [Authorize(Policy = AdminPolicies.AttendeeNames)]
    public override async Task<ListAttendantsResponse> ListAttendants(ListAttendantsRequest request, ServerCallContext context)
    {
        var e = GrpcOutcomes.Event(attendees, request.Event);
        var pageSize = GrpcOutcomes.PageSize(request.PageSize);
        var after = GrpcOutcomes.PageToken(request.PageToken);
        var page = await attendees.ListAsync(e, after, pageSize + 1, context.CancellationToken);
        var response = new ListAttendantsResponse { TotalSize = attendees.Status(e).Count };
        response.Attendants.AddRange(page.Take(pageSize).Select(a => a.ToProto()));
        if (page.Count > pageSize)
        {
            response.NextPageToken = ProtoMapping.EncodePageToken(page[pageSize - 1].Number);
        }

        return response;
    }

    /// <summary>
    /// Streams an event's status: a snapshot, then every change. Without an event it follows the
    /// current one, and when the organizer switches, it goes on with a snapshot of the new event.
    /// </summary>
    public override async Task WatchStatus(WatchStatusRequest request, IServerStreamWriter<WatchStatusResponse> responseStream, ServerCallContext context)
    {
        var pinned = request.Event.Length == 0 ? null : GrpcOutcomes.Event(attendees, request.Event);
        using var watcher = watchers.TryEnter(ClientAddress.PartitionKey(context), out var refusal)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal));
        while (true)
        {
            // The token first: a switch after it cancels it, so this stream never stays on an old event.
            var switched = pinned is null ? attendees.CurrentEventChanged : CancellationToken.None;
            var e = pinned ?? attendees.CurrentEvent;
            var names = await StatusResponses.ShowNamesAsync(attendees, e, context);
            using var subscription = attendees.Subscribe(e);
            using var follow = switched.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, switched) : null;
            try
            {
                await foreach (var item in subscription.ReadAllAsync(follow?.Token ?? context.CancellationToken))
                {
                    await responseStream.WriteAsync(ToMessage(item, names, e));
                }
            }
            catch (OperationCanceledException) when (switched.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                continue;
            }

            if (subscription.ClosedByServer)
            {
                GrpcOutcomes.Throw(StatusCode.Unavailable, "The server is shutting down; reconnect to continue watching.");
            }

            return;
        }
    }

    // Every subscriber of a snapshot or a change gets the same message object (read-only from
    // here on): with thousands of streams, building it once per subscriber would dominate the fan-out.
    private WatchStatusResponse ToMessage(StatusEvent item, bool names, EventRecord e) =>
        item.Snapshot is { } snapshot
            ? snapshot.View(names ? _watchSnapshot : _watchSnapshotCountOnly, e, (service: this, names), static (s, e, state) => state.service.SnapshotMessage(s, state.names, e))
            : item.Delta!.Message(names, d => DeltaMessage(d, names));

    private WatchStatusResponse SnapshotMessage(Live.StatusSnapshot snapshot, bool names, EventRecord e)
    {
        var message = new WatchStatusResponse { Version = snapshot.Version, Count = snapshot.Count, Snapshot = new V1.StatusSnapshot { Event = e.ToSummary() } };
        if (names)
        {
            message.Snapshot.RecentAttendants.AddRange(snapshot.Attendants.Newest(attendees.RecentAttendants).Select(a => a.ToProto()));
        }

        return message;
    }

    private static WatchStatusResponse DeltaMessage(StatusDelta delta, bool names)
    {
        var change = delta.Change;
        var response = new WatchStatusResponse { Version = change.Version, Count = delta.Count };
        if (change.Kind == StatusChangeKind.Registered)
        {
            response.Registered = change.Attendant.ToProto(names);
        }
        else
        {
            response.Cancelled = change.Attendant.ToProto(names);
        }

        return response;
    }
}
