using System.ComponentModel.DataAnnotations;

namespace RollCall.Server.Application;

/// <summary>
/// How many failed attempts the server tolerates before it answers 429 / RESOURCE_EXHAUSTED,
/// bound from <c>RollCall:RateLimits</c>. Only failures spend the budget: a wrong, used, revoked or
/// expired code, or a wrong admin token. See SECURITY.md for the guessing arithmetic behind the defaults.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall:RateLimits";

    /// <summary>Failed registrations one client address may make per window (it refills steadily).</summary>
    [Range(1, 1_000_000)]
    public int FailuresPerAddress { get; set; } = 10;

    /// <summary>Failed registrations from all addresses together per window before registration pauses; 0 turns the circuit off.</summary>
    [Range(0, 100_000_000)]
    public int GlobalFailures { get; set; } = 1000;

    /// <summary>How long registration pauses once the global failure budget is spent, in seconds.</summary>
    [Range(1, 86_400)]
    public int GlobalPauseSeconds { get; set; } = 60;

    /// <summary>Wrong admin tokens one client address may present per window.</summary>
    [Range(1, 1_000_000)]
    public int AdminFailuresPerAddress { get; set; } = 10;

    /// <summary>
    /// Wrong admin tokens from all addresses together per window before every wrong one is refused
    /// (the right token never is); 0 turns the circuit off.
    /// </summary>
    [Range(0, 100_000_000)]
    public int AdminGlobalFailures { get; set; } = 100;

    /// <summary>
    /// How much of an IPv6 address names one client: its /64 by default, the network one home or
    /// phone usually gets; a /56 or /48 when subscribers get those (32..128). IPv4 addresses count whole.
    /// </summary>
    [Range(32, 128)]
    public int Ipv6PrefixLength { get; set; } = 64;

    /// <summary>The window the budgets above refill over, in seconds.</summary>
    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>The window as a time span.</summary>
    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
