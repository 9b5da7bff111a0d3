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
    /// True when this call may see names: they are public, or the caller is an admin. Only when
    /// names are private is the caller authenticated (the token scheme): no token gets the public
    /// view, a wrong one is refused (and counted) rather than silently served it. Completes at once
    /// while names are public, and without a token, with no state machine or authentication handler.
    /// </summary>
    public static async Task<bool> ShowNamesAsync(AttendeeRecords attendees, ServerCallContext context)
    {
        if (attendees.NamesArePublic)
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
