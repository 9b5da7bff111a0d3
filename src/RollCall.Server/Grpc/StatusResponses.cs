using System.Globalization;
using RollCall.Legacy;
using RollCall.Server.Live;

namespace RollCall.Server.Grpc;

/// <summary>Builds the status responses once per snapshot; every reader of that version shares them.</summary>
internal static class StatusResponses
{
    public static StatusResponse Legacy(StatusSnapshot snapshot, bool publicNames) =>
        snapshot.View(SnapshotView.LegacyStatus, s =>
        {
            var data = new AppData { Counter = s.Count };
            if (publicNames)
            {
                foreach (var attendant in s.Attendants)
                {
                    data.Attendants.Add(attendant.Number.ToString(CultureInfo.InvariantCulture), attendant.FullName);
                }
            }

            return new StatusResponse { AppData = data };
        });

    public static V1.GetStatusResponse V1(StatusSnapshot snapshot, int recent, bool publicNames) =>
        snapshot.View(SnapshotView.V1Status, s =>
        {
            var response = new V1.GetStatusResponse { Count = s.Count, Version = s.Version };
            if (publicNames)
            {
                response.RecentAttendants.AddRange(s.Attendants.Newest(recent).Select(a => a.ToProto()));
            }

            return response;
        });
}
