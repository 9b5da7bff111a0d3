using Microsoft.Extensions.Options;

namespace RollCall.Server.Application;

/// <summary>
/// The budget of wrong admin tokens: each client address may present
/// <see cref="RateLimitOptions.AdminFailuresPerAddress"/> per window (it refills steadily). With
/// 256-bit tokens the budget is not what stops guessing; it keeps the log and the CPU quiet.
/// </summary>
public sealed class AdminAuthThrottle : IDisposable
{
    private readonly FailureLimiter _perAddress;

    /// <summary>Creates the throttle from the configured limits.</summary>
    public AdminAuthThrottle(IOptions<RateLimitOptions> options)
    {
        _perAddress = new FailureLimiter(options.Value.AdminFailuresPerAddress, options.Value.Window);
    }

    /// <summary>Admits a check of a presented token from <paramref name="partition"/>, or refuses it with a retry hint.</summary>
    public ValueTask<Admission> AdmitAsync(string partition, CancellationToken cancellationToken) =>
        _perAddress.AdmitAsync(partition, cancellationToken);

    /// <summary>Ends an admitted check: a wrong token spends budget.</summary>
    public void Finish(Admission admission, bool wrong) => _perAddress.Finish(admission, wrong);

    /// <inheritdoc />
    public void Dispose() => _perAddress.Dispose();
}
