using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace RollCall.Server.Application;

/// <summary>
/// The budget of wrong admin tokens: each client address may present
/// <see cref="RateLimitOptions.AdminFailuresPerAddress"/> per window (it refills steadily); past it
/// its wrong tokens are refused. Only wrong tokens spend it and only wrong tokens are refused: the
/// right token always works, because at a venue everyone on the Wi-Fi shares one address and the
/// organizer must not be locked out by someone else's typos. All addresses together have a budget
/// too (<see cref="RateLimitOptions.AdminGlobalFailures"/>), so guesses spread over a botnet are
/// slowed as well: when it is spent, wrong tokens from every address are refused until it refills.
/// With 256-bit tokens the budgets are not what stops guessing; they keep the log and the CPU quiet.
/// </summary>
public sealed class AdminAuthThrottle : IDisposable
{
    private readonly FailureLimiter _perAddress;
    private readonly TokenBucketRateLimiter? _global;
    private readonly TimeSpan _globalRetryAfter;

    /// <summary>Creates the throttle from the configured limits.</summary>
    public AdminAuthThrottle(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        _perAddress = new FailureLimiter(limits.AdminFailuresPerAddress, limits.Window);
        if (limits.AdminGlobalFailures > 0)
        {
            _global = new TokenBucketRateLimiter(FailureLimiter.Bucket(limits.AdminGlobalFailures, limits.Window));
            // The time one wrong token's worth takes to come back; the doors round it to whole seconds.
            _globalRetryAfter = limits.Window / limits.AdminGlobalFailures;
        }
    }

    /// <summary>
    /// Counts a wrong token from <paramref name="partition"/>: admitted (to be answered as wrong)
    /// while both the address's and the server-wide budget have some left, else refused with a
    /// retry hint (<see cref="Admission.ServerWide"/> when the server-wide budget refused it).
    /// </summary>
    public Admission SpendWrongToken(string partition)
    {
        var admission = _perAddress.TrySpend(partition);
        if (!admission.Admitted || _global is null)
        {
            return admission;
        }

        using var lease = _global.AttemptAcquire(1);
        return lease.IsAcquired ? admission : new Admission(false, partition, _globalRetryAfter, ServerWide: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _perAddress.Dispose();
        _global?.Dispose();
    }
}
