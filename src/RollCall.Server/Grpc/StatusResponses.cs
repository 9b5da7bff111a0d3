using System.Globalization;
using Grpc.Core;
using RollCall.Legacy;
using RollCall.Server.Hosting;
using RollCall.Server.Live;
using RollCall.Server.Security;

namespace RollCall.Server.Grpc;

/// <summary>
/// Builds the status responses once per snapshot; every reader of that version shares them.
/// The variants with and without names are cached apart, so a private roll never leaks through
/// a response built for an admin.
/// </summary>
internal static class StatusResponses
{
    /// <summary>
    /// True when this call may see names: they are public, or the call carries an admin token.
    /// A wrong token is refused (and counted) rather than silently served the public view.
    /// </summary>
    public static async Task<bool> ShowNamesAsync(RollCallOptions options, AdminGate gate, ServerCallContext context)
    {
        if (options.PublicNames)
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

    public static StatusResponse Legacy(StatusSnapshot snapshot, bool names) =>
        snapshot.View(names ? SnapshotView.LegacyStatus : SnapshotView.LegacyStatusCountOnly, s =>
        {
            var data = new AppData { Counter = s.Count };
            if (names)
            {
                foreach (var attendant in s.Attendants)
                {
                    data.Attendants.Add(attendant.Number.ToString(CultureInfo.InvariantCulture), attendant.FullName);
                }
            }

            return new StatusResponse { AppData = data };
        });

    public static V1.GetStatusResponse V1(StatusSnapshot snapshot, int recent, bool names) =>
        snapshot.View(names ? SnapshotView.V1Status : SnapshotView.V1StatusCountOnly, s =>
        {
            var response = new V1.GetStatusResponse { Count = s.Count, Version = s.Version };
            if (names)
            {
                response.RecentAttendants.AddRange(s.Attendants.Newest(recent).Select(a => a.ToProto()));
            }

            return response;
        });
}
