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
    IOptions<RollCallOptions> options) : Registration.RegistrationBase
{
    private readonly RollCallOptions _options = options.Value;

    /// <inheritdoc />
    public override async Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context)
    {
        var outcome = await desk.RegisterAsync(request.FirstName, request.LastName, request.Code, context.CancellationToken);
        if (!outcome.Succeeded)
        {
            throw GrpcErrors.ForRegistration(outcome);
        }

        return new RegisterResponse { Attendant = outcome.Attendant!.ToProto(), Message = outcome.Message };
    }

    /// <inheritdoc />
    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context) =>
        StatusResponses.V1(broadcaster.Current, _options.RecentAttendants, _options.PublicNames);

    /// <inheritdoc />
    public override async Task<ListAttendantsResponse> ListAttendants(ListAttendantsRequest request, ServerCallContext context)
    {
        if (!_options.PublicNames)
        {
            adminGate.Demand(context);
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
        using var subscription = broadcaster.Subscribe(_options.WatchQueueCapacity);
        var names = _options.PublicNames;
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
            ? snapshot.View(Live.SnapshotView.WatchSnapshot, s => SnapshotMessage(s, names))
            : item.Delta!.Message(d => DeltaMessage(d, names));

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
