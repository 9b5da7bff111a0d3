using System.Globalization;

namespace RollCall.Server.Storage;

/// <summary>
/// What a NOTIFY on <see cref="PostgresDialect.NotifyChannel"/> says: <c>s:EVENT:VERSION</c> (an
/// event's status reached a version), <c>f:EVENT</c> (its names were erased: reload it) or <c>e</c>
/// (the events changed: reload them).
/// </summary>
internal readonly record struct StatusNotice(char Kind, long EventId, long Version)
{
    /// <summary>The payload saying the events changed.</summary>
    public const string Events = "e";

    /// <summary>The payload saying an event's status reached a version.</summary>
    public static string Status(long eventId, long version) => string.Create(CultureInfo.InvariantCulture, $"s:{eventId}:{version}");

    /// <summary>The payload saying an event's names were erased.</summary>
    public static string Forgotten(long eventId) => string.Create(CultureInfo.InvariantCulture, $"f:{eventId}");

    /// <summary>Reads a payload; false for one this build does not know (a newer replica's), which is answered with a full catch-up.</summary>
    public static bool TryParse(string payload, out StatusNotice notice)
    {
        notice = default;
        var parts = payload.Split(':');
        return parts switch
        {
            ["e"] => Set(out notice, new StatusNotice('e', 0, 0)),
            ["f", var e] when long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => Set(out notice, new StatusNotice('f', id, 0)),
            ["s", var e, var v] when long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var version) => Set(out notice, new StatusNotice('s', id, version)),
            _ => false,
        };
    }

    private static bool Set(out StatusNotice notice, StatusNotice value)
    {
        notice = value;
        return true;
    }
}
