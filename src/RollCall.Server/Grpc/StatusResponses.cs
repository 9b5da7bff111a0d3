using Grpc.Core;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Http;
using RollCall.Server.Live;

namespace RollCall.Server.Grpc;

/// <summary>
/// Builds the v1 status response once per snapshot, as a completed task, so a read allocates
/// nothing of its own; every reader of that version shares it. The variants with and without
/// names are cached apart, so a private roll never leaks through a response built for an admin.
/// </summary>
internal static class StatusResponses
{
    private static readonly SnapshotView<KeyedView<EventRecord, Task<V1.GetStatusResponse>>> _withNames = new();
    private static readonly SnapshotView<KeyedView<EventRecord, Task<V1.GetStatusResponse>>> _countOnly = new();

    /// <summary>
    /// True when this call may see names: they are public, or the caller is an admin. Only when
    /// names are private is the caller authenticated (the token scheme): no token gets the public
    /// view, a wrong one is refused (and counted) rather than silently served it. Completes at once
    /// while names are public, and without a token, with no state machine or authentication handler.
    /// </summary>
    public static Task<bool> ShowNamesAsync(AttendeeRecords attendees, ServerCallContext context) =>
        ShowNamesAsync(attendees, attendees.CurrentEvent, context);

    /// <summary>As <see cref="ShowNamesAsync(AttendeeRecords, ServerCallContext)"/>, for event <paramref name="e"/>.</summary>
    public static async Task<bool> ShowNamesAsync(AttendeeRecords attendees, EventRecord e, ServerCallContext context)
    {
        if (attendees.ShowsNames(e))
        {
            return true;
        }

        var result = await context.GetHttpContext().AuthenticateTokenAsync();
        if (AdminAuthentication.Refusal(result) is { } refusal)
        {
            throw GrpcOutcomes.For(refusal, context);
        }

        return result.Succeeded;
    }

    /// <summary>
    /// The v1 status of <paramref name="e"/> at <paramref name="snapshot"/>. Cached with the event
    /// as it was built for: after the organizer changes the event, the next read builds it afresh
    /// and the rest share that one.
    /// </summary>
    public static Task<V1.GetStatusResponse> V1(EventRecord e, StatusSnapshot snapshot, int recent, bool names) =>
        snapshot.View(names ? _withNames : _countOnly, e, (recent, names), static (s, e, state) => Build(s, e, state.recent, state.names));

    private static Task<V1.GetStatusResponse> Build(StatusSnapshot s, EventRecord e, int recent, bool names)
    {
        var response = new V1.GetStatusResponse { Count = s.Count, Version = s.Version, Event = e.ToSummary() };
        if (names)
        {
            response.RecentAttendants.AddRange(s.Attendants.Newest(recent).Select(a => a.ToProto()));
        }

        return Task.FromResult(response);
    }
}
