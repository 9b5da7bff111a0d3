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
    private static readonly SnapshotView<WatchStatusResponse> _watchSnapshot = new();
    private static readonly SnapshotView<WatchStatusResponse> _watchSnapshotCountOnly = new();

    /// <inheritdoc />
    public override async Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context)
    {
        var attempt = new RegistrationAttempt(request.FirstName, request.LastName, request.Code, ClientAddress.PartitionKey(context));
        var outcome = await desk.RegisterAsync(attempt, context.CancellationToken);
        if (outcome is not RegistrationOutcome.Registered registered)
        {
            throw GrpcOutcomes.For(outcome, context);
        }

        return new RegisterResponse { Attendant = registered.Attendant.ToProto(), Message = outcome.Message };
    }

    /// <inheritdoc />
    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        // Public names (the usual case) decide at once: answer with the cached task, no state machine.
        var showNames = StatusResponses.ShowNamesAsync(attendees, context);
        return showNames.IsCompletedSuccessfully
            ? StatusResponses.V1(attendees.Current, attendees.RecentAttendants, showNames.Result)
            : GetStatusAsync(showNames);
    }

    private async Task<GetStatusResponse> GetStatusAsync(Task<bool> showNames) =>
        await StatusResponses.V1(attendees.Current, attendees.RecentAttendants, await showNames);

    /// <inheritdoc />
    [Authorize(Policy = AdminPolicies.AttendeeNames)]
    public override async Task<ListAttendantsResponse> ListAttendants(ListAttendantsRequest request, ServerCallContext context)
    {
        var pageSize = GrpcOutcomes.PageSize(request.PageSize);
        var after = GrpcOutcomes.PageToken(request.PageToken);
        var page = await attendees.ListAsync(after, pageSize + 1, context.CancellationToken);
        var response = new ListAttendantsResponse { TotalSize = attendees.Current.Count };
        response.Attendants.AddRange(page.Take(pageSize).Select(a => a.ToProto()));
        if (page.Count > pageSize)
        {
            response.NextPageToken = ProtoMapping.EncodePageToken(page[pageSize - 1].Number);
        }

        return response;
    }

    /// <inheritdoc />
    public override async Task WatchStatus(WatchStatusRequest request, IServerStreamWriter<WatchStatusResponse> responseStream, ServerCallContext context)
    {
        var names = await StatusResponses.ShowNamesAsync(attendees, context);
        using var watcher = watchers.TryEnter(ClientAddress.PartitionKey(context), out var refusal)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal));
        using var subscription = attendees.Subscribe();
        await foreach (var item in subscription.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(ToMessage(item, names));
        }

        if (subscription.ClosedByServer)
        {
            GrpcOutcomes.Throw(StatusCode.Unavailable, "The server is shutting down; reconnect to continue watching.");
        }
    }

    // Every subscriber of a snapshot or a change gets the same message object (read-only from
    // here on): with thousands of streams, building it once per subscriber would dominate the fan-out.
    private WatchStatusResponse ToMessage(StatusEvent item, bool names) =>
        item.Snapshot is { } snapshot
            ? snapshot.View(names ? _watchSnapshot : _watchSnapshotCountOnly, s => SnapshotMessage(s, names))
            : item.Delta!.Message(names, d => DeltaMessage(d, names));

    private WatchStatusResponse SnapshotMessage(Live.StatusSnapshot snapshot, bool names)
    {
        var message = new WatchStatusResponse { Version = snapshot.Version, Count = snapshot.Count, Snapshot = new V1.StatusSnapshot() };
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
