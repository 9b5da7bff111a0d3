namespace RollCall.Server.Domain;

/// <summary>An attendee who registered with a one-time code.</summary>
/// <param name="Number">The registration number: 1 for the first attendee; never reused.</param>
/// <param name="FirstName">The trimmed, NFC-normalized first name.</param>
/// <param name="LastName">The trimmed, NFC-normalized last name.</param>
/// <param name="RegisteredAt">When the registration was committed.</param>
public sealed record Attendant(long Number, string FirstName, string LastName, DateTimeOffset RegisteredAt)
{
    /// <summary>"First Last", as the 2016 status showed it.</summary>
    public string FullName => FirstName + " " + LastName;
}
