using System.ComponentModel.DataAnnotations;
using RollCall.Server.Domain;

namespace RollCall.Server.Application;

/// <summary>
/// Where the server keeps its files, bound from the <c>RollCall</c> section (<c>--data-dir</c>,
/// <c>--admin-token-file</c>): the SQLite database and, by default, the admin token.
/// </summary>
public sealed class DataOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall";

    /// <summary>The folder holding the database and, by default, the admin token.</summary>
    [Required]
    public string DataDir { get; set; } = "./data";

    /// <summary>The admin token file; <c>DataDir/admin-token</c> when unset.</summary>
    public string? AdminTokenFile { get; set; }

    /// <summary>
    /// Seconds between reloads of the named admin tokens from the database, so a token created,
    /// rotated or revoked through another replica takes effect here within this time.
    /// </summary>
    [Range(1, 3600)]
    public int AdminTokenRefreshSeconds { get; set; } = 30;

    /// <summary>The admin token file path, resolved against the data folder.</summary>
    public string ResolveAdminTokenFile() =>
        Path.GetFullPath(AdminTokenFile ?? Path.Combine(DataDir, "admin-token"));
}

/// <summary>How codes are drawn and who may mint them, bound from the <c>RollCall</c> section.</summary>
public sealed class CodeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall";

    /// <summary>0 for 2016-style codes (1..2^31-1); otherwise every code has exactly this many digits (9..18).</summary>
    public int CodeDigits { get; set; }

    /// <summary>Lets the 2016 GetCode run without the admin token, for demos on a trusted network.</summary>
    public bool AllowAnonymousCodes { get; set; }

    /// <summary>True when <see cref="CodeDigits"/> is 0 or 9..18.</summary>
    public bool HasValidDigits => CodeDigits == 0 || CodeDigits is >= CodeGenerator.MinDigits and <= RegistrationCode.MaxDigits;
}

/// <summary>What the public status shows, bound from the <c>RollCall</c> section.</summary>
public sealed class StatusOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall";

    /// <summary>Shows attendee names to the public; when false, only the count is public.</summary>
    public bool PublicNames { get; set; } = true;

    /// <summary>How many recent attendees the status and the page show.</summary>
    [Range(1, 1000)]
    public int RecentAttendants { get; set; } = 20;

    /// <summary>How many change batches a live subscriber may fall behind before it gets a fresh snapshot instead.</summary>
    [Range(1, 100_000)]
    public int WatchQueueCapacity { get; set; } = 64;
}
