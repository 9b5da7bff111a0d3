using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace RollCall.Server.Application;

/// <summary>
/// Keeps code guessing slow. Each client address has a budget of failed registrations
/// (<see cref="RateLimitOptions.FailuresPerAddress"/> per window); and all addresses together have
/// one too (<see cref="RateLimitOptions.GlobalFailures"/>): when that is spent, registration pauses
/// for everyone for <see cref="RateLimitOptions.GlobalPauseSeconds"/>, so a botnet cannot spread
/// its guesses over many addresses. A paused desk refuses before redeeming, so no guess lands.
/// </summary>
public sealed class RegistrationThrottle : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly FailureLimiter _perAddress;
    private readonly TokenBucketRateLimiter? _global;
    private readonly TimeProvider _time;
    private readonly AuditLog _audit;
    private readonly Lock _gate = new();
    private DateTimeOffset? _pausedUntil;

    /// <summary>Creates the throttle from the configured limits.</summary>
    public RegistrationThrottle(IOptions<RateLimitOptions> options, TimeProvider time, AuditLog audit)
    {
        _options = options.Value;
        _time = time;
        _audit = audit;
        _perAddress = new FailureLimiter(_options.FailuresPerAddress, _options.Window);
        if (_options.GlobalFailures > 0)
        {
            _global = new TokenBucketRateLimiter(FailureLimiter.Bucket(_options.GlobalFailures, _options.Window));
        }
    }

    /// <summary>Admits a registration attempt from <paramref name="partition"/>, or refuses it with a retry hint.</summary>
    public async ValueTask<Admission> AdmitAsync(string partition, CancellationToken cancellationToken)
    {
        var pause = PauseRemaining();
        if (pause > TimeSpan.Zero)
        {
            return new Admission(false, partition, pause, ServerWide: true);
        }

        return await _perAddress.AdmitAsync(partition, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends an admitted attempt: a failure (unknown, used, revoked or expired code) spends budget.</summary>
    public void Finish(Admission admission, bool failed)
    {
        if (!admission.Admitted)
        {
            return;
        }

        _perAddress.Finish(admission, failed);
        if (!failed)
        {
            return;
        }

        if (_perAddress.Remaining(admission.Partition) <= 0)
        {
            _audit.RegistrationBudgetSpent(admission.Partition, _options.FailuresPerAddress, _options.WindowSeconds);
        }

        if (_global is null)
        {
            return;
        }

        using var lease = _global.AttemptAcquire(1);
        if (!lease.IsAcquired)
        {
            lock (_gate)
            {
                if (_pausedUntil is null)
                {
                    _pausedUntil = _time.GetUtcNow() + TimeSpan.FromSeconds(_options.GlobalPauseSeconds);
                    _audit.RegistrationPaused(_options.GlobalFailures, _options.WindowSeconds, _options.GlobalPauseSeconds);
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _perAddress.Dispose();
        _global?.Dispose();
    }

    private TimeSpan PauseRemaining()
    {
        lock (_gate)
        {
            if (_pausedUntil is not { } until)
            {
                return TimeSpan.Zero;
            }

            var left = until - _time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                return TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds));
            }

            _pausedUntil = null;
            _audit.RegistrationResumed();
            return TimeSpan.Zero;
        }
    }
}
