using Grpc.Core;
using RollCall.Server.Application;
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
    private static readonly SnapshotView<Task<V1.GetStatusResponse>> _withNames = new();
    private static readonly SnapshotView<Task<V1.GetStatusResponse>> _countOnly = new();

    /// <summary>
    /// True when this call may see names: they are public, or the call carries an admin token.
    /// A wrong token is refused (and counted) rather than silently served the public view.
    /// Completes at once unless a token has to be checked.
    /// </summary>
    public static async Task<bool> ShowNamesAsync(AttendeeRecords attendees, AdminGate gate, ServerCallContext context)
    {
        if (attendees.NamesArePublic)
        {
            return true;
        }

        if (string.IsNullOrEmpty(context.RequestHeaders.GetValue("authorization")))
        {
            return false;
        }

        await gate.DemandAsync(context);
        return true;
    }

    public static Task<V1.GetStatusResponse> V1(StatusSnapshot snapshot, int recent, bool names) =>
        snapshot.View(names ? _withNames : _countOnly, (recent, names), static (s, state) =>
        {
            var (recent, names) = state;
            var response = new V1.GetStatusResponse { Count = s.Count, Version = s.Version };
            if (names)
            {
                response.RecentAttendants.AddRange(s.Attendants.Newest(recent).Select(a => a.ToProto()));
            }

            return Task.FromResult(response);
        });
}
