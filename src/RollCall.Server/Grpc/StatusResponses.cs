using RollCall.Server.Live;

namespace RollCall.Server.Grpc;

/// <summary>
/// Builds the v1 status response once per snapshot, as a completed task, so a read allocates
/// nothing of its own; every reader of that version shares it. The 2016 status has <see cref="LegacyStatusEncoder"/>.
/// </summary>
internal static class StatusResponses
{
    public static Task<V1.GetStatusResponse> V1(StatusSnapshot snapshot, int recent, bool publicNames) =>
        snapshot.View(SnapshotView.V1Status, s =>
        {
            var response = new V1.GetStatusResponse { Count = s.Count, Version = s.Version };
            if (publicNames)
            {
                response.RecentAttendants.AddRange(s.Attendants.Newest(recent).Select(a => a.ToProto()));
            }

            return Task.FromResult(response);
        });
}
