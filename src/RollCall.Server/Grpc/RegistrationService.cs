using Grpc.Core;
using Microsoft.Extensions.Options;
using RollCall.Server.Domain;
using RollCall.Server.Hosting;
using RollCall.Server.Live;
using RollCall.Server.Security;
using RollCall.Server.Storage;
using RollCall.V1;

namespace RollCall.Server.Grpc;

/// <summary>The public v1 API: register, read and follow the status.</summary>
public sealed class RegistrationService(
    RegistrationDesk desk,
    StatusBroadcaster broadcaster,
    IRegistrationStore store,
    AdminGate adminGate,
    WatcherLimiter watchers,
    IOptions<RollCallOptions> options) : Registration.RegistrationBase
{
    private readonly RollCallOptions _options = options.Value;

    /// <inheritdoc />
    public override async Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context)
    {
        var client = context.GetHttpContext().Connection.RemoteIpAddress;
        var outcome = await desk.RegisterAsync(request.FirstName, request.LastName, request.Code, client, context.CancellationToken);
        if (!outcome.Succeeded)
        {
            throw GrpcErrors.ForRegistration(outcome, context);
        }

        return new RegisterResponse { Attendant = outcome.Attendant!.ToProto(), Message = outcome.Message };
    }

    /// <inheritdoc />
    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        // Public names (the usual case) decide at once: answer with the cached task, no state machine.
        var showNames = StatusResponses.ShowNamesAsync(_options, adminGate, context);
        return showNames.IsCompletedSuccessfully
            ? StatusResponses.V1(broadcaster.Current, _options.RecentAttendants, showNames.Result)
            : GetStatusAsync(showNames);
    }

    private async Task<GetStatusResponse> GetStatusAsync(Task<bool> showNames) =>
        await StatusResponses.V1(broadcaster.Current, _options.RecentAttendants, await showNames);

    /// <inheritdoc />
    public override async Task<ListAttendantsResponse> ListAttendants(ListAttendantsRequest request, ServerCallContext context)
    {
        if (!_options.PublicNames)
        {
            await adminGate.DemandAsync(context);
        }

        var pageSize = GrpcErrors.PageSize(request.PageSize);
        var after = GrpcErrors.PageToken(request.PageToken);
        var page = await store.ListAttendantsAsync(after, pageSize + 1, context.CancellationToken);
        var response = new ListAttendantsResponse { TotalSize = broadcaster.Current.Count };
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
        var names = await StatusResponses.ShowNamesAsync(_options, adminGate, context);
        using var watcher = watchers.Enter(context);
        using var subscription = broadcaster.Subscribe(_options.WatchQueueCapacity);
        await foreach (var item in subscription.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(ToMessage(item, names));
        }

        if (subscription.ClosedByServer)
        {
            GrpcErrors.Throw(StatusCode.Unavailable, "The server is shutting down; reconnect to continue watching.");
        }
    }

    // Every subscriber of a snapshot or a change gets the same message object (read-only from
    // here on): with thousands of streams, building it once per subscriber would dominate the fan-out.
    private WatchStatusResponse ToMessage(StatusEvent item, bool names) =>
        item.Snapshot is { } snapshot
            ? snapshot.View(names ? Live.SnapshotView.WatchSnapshot : Live.SnapshotView.WatchSnapshotCountOnly, s => SnapshotMessage(s, names))
            : item.Delta!.Message(names, d => DeltaMessage(d, names));

    private WatchStatusResponse SnapshotMessage(Live.StatusSnapshot snapshot, bool names)
    {
        var message = new WatchStatusResponse { Version = snapshot.Version, Count = snapshot.Count, Snapshot = new V1.StatusSnapshot() };
        if (names)
        {
            message.Snapshot.RecentAttendants.AddRange(snapshot.Attendants.Newest(_options.RecentAttendants).Select(a => a.ToProto()));
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
