using Microsoft.Extensions.Options;

namespace RollCall.Server.Application;

/// <summary>
/// The budget of wrong admin tokens: each client address may present
/// <see cref="RateLimitOptions.AdminFailuresPerAddress"/> per window (it refills steadily); past it
/// its wrong tokens are refused. Only wrong tokens spend it and only wrong tokens are refused: the
/// right token always works, because at a venue everyone on the Wi-Fi shares one address and the
/// organizer must not be locked out by someone else's typos. With 256-bit tokens the budget is not
/// what stops guessing; it keeps the log and the CPU quiet.
/// </summary>
public sealed class AdminAuthThrottle : IDisposable
{
    private readonly FailureLimiter _perAddress;

    /// <summary>Creates the throttle from the configured limits.</summary>
    public AdminAuthThrottle(IOptions<RateLimitOptions> options)
    {
        _perAddress = new FailureLimiter(options.Value.AdminFailuresPerAddress, options.Value.Window);
    }

    /// <summary>Counts a wrong token from <paramref name="partition"/>: admitted (to be answered as wrong) while budget is left, else refused with a retry hint.</summary>
    public Admission SpendWrongToken(string partition) => _perAddress.TrySpend(partition);

    /// <inheritdoc />
    public void Dispose() => _perAddress.Dispose();
}
