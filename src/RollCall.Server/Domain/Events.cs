using System.Text;

namespace RollCall.Server.Domain;

/// <summary>Where an event is in its life.</summary>
public enum EventState
{
    /// <summary>Registration works.</summary>
    Open = 1,

    /// <summary>Codes are refused.</summary>
    Closed = 2,

    /// <summary>Closed, and hidden from the default lists.</summary>
    Archived = 3,
}

/// <summary>One event of the series a server runs: a meetup night, a conference day.</summary>
/// <param name="Id">Its row id; codes, attendees and versions belong to it through this id.</param>
/// <param name="Slug">Its id in addresses and commands (see <see cref="EventRules.IsValidSlug"/>).</param>
/// <param name="Title">Its title as attendees see it.</param>
/// <param name="StartsAt">When it starts, if given.</param>
/// <param name="EndsAt">When it ends, if given; names are forgotten relative to it.</param>
/// <param name="Language">The language of its pages and LED show, e.g. <c>en</c> or <c>es</c>.</param>
/// <param name="State">Open, closed or archived.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ForgetAfterDays">Days after <paramref name="EndsAt"/> when names are erased; null keeps them.</param>
/// <param name="PublicNames">Whether the public sees names; null follows the server's setting.</param>
/// <param name="NamesForgottenAt">When its names were erased, if they were.</param>
public sealed record EventRecord(
    long Id,
    string Slug,
    string Title,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string Language,
    EventState State,
    DateTimeOffset CreatedAt,
    int? ForgetAfterDays,
    bool? PublicNames,
    DateTimeOffset? NamesForgottenAt)
{
    /// <summary>True while its codes can register attendees.</summary>
    public bool IsOpen => State == EventState.Open;

    /// <summary>When its names are due to be erased: <see cref="ForgetAfterDays"/> after the end; null when never.</summary>
    public DateTimeOffset? ForgetNamesAt =>
        NamesForgottenAt is null && ForgetAfterDays is { } days && EndsAt is { } end ? end.AddDays(days) : null;
}

/// <summary>What an event's codes and attendees add up to.</summary>
/// <param name="Attendees">Attendees registered.</param>
/// <param name="CodesIssued">Codes ever issued for it.</param>
/// <param name="CodesRedeemed">Codes used to register.</param>
public sealed record EventCounts(int Attendees, long CodesIssued, long CodesRedeemed);

/// <summary>The rules an event's fields follow.</summary>
public static class EventRules
{
    /// <summary>The longest slug.</summary>
    public const int MaxSlugLength = 64;

    /// <summary>The longest title, in Unicode characters after trimming.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>How many days after its end a new event's names are forgotten, unless the organizer says otherwise.</summary>
    public const int DefaultForgetAfterDays = 30;

    /// <summary>The most days an organizer may keep names after an event: a hundred years.</summary>
    public const int MaxForgetAfterDays = 36_500;

    /// <summary>The event an existing single-event data folder moves into, and a fresh server starts with.</summary>
    public const string DefaultSlug = "default";

    /// <summary>The title of <see cref="DefaultSlug"/>.</summary>
    public const string DefaultTitle = "RollCall";

    /// <summary>True for 1..64 of a-z, 0-9 and '-', starting and ending with a letter or digit.</summary>
    public static bool IsValidSlug(string? slug)
    {
        if (string.IsNullOrEmpty(slug) || slug.Length > MaxSlugLength || slug[0] == '-' || slug[^1] == '-')
        {
            return false;
        }

        foreach (var c in slug)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Trims and NFC-normalizes a title; false when it is empty, too long or holds control characters.</summary>
    public static bool TryNormalizeTitle(string? text, out string title)
    {
        title = (text ?? string.Empty).Trim().Normalize(NormalizationForm.FormC);
        if (title.Length == 0 || title.Any(char.IsControl))
        {
            return false;
        }

        var length = 0;
        foreach (var _ in title.EnumerateRunes())
        {
            length++;
        }

        return length <= MaxTitleLength;
    }
}
