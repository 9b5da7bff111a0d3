using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Grpc;

/// <summary>Maps domain values to v1 messages, and reads page tokens.</summary>
internal static class ProtoMapping
{
    public static V1.Attendant ToProto(this Attendant attendant, bool withNames = true) => new()
    {
        Number = attendant.Number,
        FirstName = withNames ? attendant.FirstName : string.Empty,
        LastName = withNames ? attendant.LastName : string.Empty,
        RegisteredAt = Timestamp.FromDateTimeOffset(attendant.RegisteredAt),
    };

    public static V1.IssuedCode ToProto(this CodeRecord code, DateTimeOffset now, string eventSlug) => new()
    {
        Event = eventSlug,
        Code = RegistrationCode.Format(code.Code),
        State = code.StateAt(now) switch
        {
            CodeState.Outstanding => V1.CodeState.Outstanding,
            CodeState.Redeemed => V1.CodeState.Redeemed,
            CodeState.Revoked => V1.CodeState.Revoked,
            _ => V1.CodeState.Expired,
        },
        Label = code.Label ?? string.Empty,
        IssuedAt = Timestamp.FromDateTimeOffset(code.IssuedAt),
        ExpiresAt = code.ExpiresAt is { } expires ? Timestamp.FromDateTimeOffset(expires) : null,
        RedeemedAt = code.RedeemedAt is { } redeemed ? Timestamp.FromDateTimeOffset(redeemed) : null,
        RevokedAt = code.RevokedAt is { } revoked ? Timestamp.FromDateTimeOffset(revoked) : null,
        AttendantNumber = code.AttendantNumber ?? 0,
    };

    public static V1.EventSummary ToSummary(this EventRecord e) => new()
    {
        Slug = e.Slug,
        Title = e.Title,
        Language = e.Language,
        State = ToProto(e.State),
        StartsAt = Time(e.StartsAt),
        EndsAt = Time(e.EndsAt),
    };

    public static V1.Event ToProto(this EventView view) => new()
    {
        Slug = view.Event.Slug,
        Title = view.Event.Title,
        StartsAt = Time(view.Event.StartsAt),
        EndsAt = Time(view.Event.EndsAt),
        Language = view.Event.Language,
        State = ToProto(view.Event.State),
        Current = view.IsCurrent,
        CreateTime = Timestamp.FromDateTimeOffset(view.Event.CreatedAt),
        ForgetAfterDays = view.Event.ForgetAfterDays,
        PublicNames = view.Event.PublicNames,
        NamesForgottenTime = Time(view.Event.NamesForgottenAt),
        Counts = new V1.EventCounts
        {
            Attendees = view.Counts.Attendees,
            CodesIssued = view.Counts.CodesIssued,
            CodesRedeemed = view.Counts.CodesRedeemed,
        },
    };

    public static V1.EventState ToProto(EventState state) => state switch
    {
        EventState.Open => V1.EventState.Open,
        EventState.Closed => V1.EventState.Closed,
        _ => V1.EventState.Archived,
    };

    public static Timestamp? Time(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    public static CodeState? FromProto(V1.CodeState state) => state switch
    {
        V1.CodeState.Outstanding => CodeState.Outstanding,
        V1.CodeState.Redeemed => CodeState.Redeemed,
        V1.CodeState.Revoked => CodeState.Revoked,
        V1.CodeState.Expired => CodeState.Expired,
        _ => null,
    };

    /// <summary>An opaque page token for a position.</summary>
    public static string EncodePageToken(long position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes("p" + position.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Reads a page token; empty means the first page.</summary>
    public static bool TryDecodePageToken(string token, out long position)
    {
        position = 0;
        if (token.Length == 0)
        {
            return true;
        }

        if (token.Length > 64)
        {
            return false;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith('p')
                && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out position);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
