using System.Threading.RateLimiting;

namespace RollCall.Server.Security;

/// <summary>
/// A failure budget per client partition: a token bucket from <see cref="PartitionedRateLimiter"/>
/// holding <c>failures</c> tokens that refill steadily over <c>window</c>. Only failures take a token.
/// An attempt in progress reserves one of the remaining tokens, so many concurrent attempts from one
/// address cannot all slip through on the last token: when every remaining token is reserved, the
/// next attempt waits for one in progress to finish; when none is left, it is refused.
/// </summary>
public sealed class FailureLimiter : IDisposable
{
    private static readonly TimeSpan _maxWait = TimeSpan.FromSeconds(10);
    private readonly PartitionedRateLimiter<string> _buckets;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>Creates a limiter allowing <paramref name="failures"/> failures per <paramref name="window"/> per partition.</summary>
    public FailureLimiter(int failures, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        Capacity = failures;
        TimePerToken = window / failures;
        var bucket = Bucket(failures, window);
        _buckets = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket));
    }

    /// <summary>The number of failures a fresh partition may make.</summary>
    public int Capacity { get; }

    /// <summary>How long one spent failure takes to come back.</summary>
    public TimeSpan TimePerToken { get; }

    /// <summary>Failures <paramref name="partition"/> may still make, not counting attempts in progress.</summary>
    public long Remaining(string partition) => _buckets.GetStatistics(partition)?.CurrentAvailablePermits ?? Capacity;

    /// <summary>
    /// Admits one attempt, reserving a failure token for it, or refuses it with a retry hint.
    /// Every admitted attempt must be finished with <see cref="Finish"/>.
    /// </summary>
    public async ValueTask<Admission> AdmitAsync(string partition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _maxWait;
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                var remaining = Remaining(partition);
                _pending.TryGetValue(partition, out var pending);
                var reserved = pending?.Count ?? 0;
                if (remaining - reserved > 0)
                {
                    pending ??= _pending[partition] = new Pending();
                    pending.Count++;
                    return new Admission(true, partition, TimeSpan.Zero);
                }

                if (remaining <= 0 || pending is null || DateTime.UtcNow > deadline)
                {
                    return new Admission(false, partition, RetryAfter());
                }

                wait = pending.Changed.Task;
            }

            await wait.WaitAsync(_maxWait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends an admitted attempt; a failure spends its reserved token.</summary>
    public void Finish(Admission admission, bool failed)
    {
        if (!admission.Admitted)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            if (failed)
            {
                using var lease = _buckets.AttemptAcquire(admission.Partition, 1);
            }

            var pending = _pending[admission.Partition];
            pending.Count--;
            changed = pending.Changed;
            if (pending.Count == 0)
            {
                _pending.Remove(admission.Partition);
            }
            else
            {
                pending.Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        changed.TrySetResult();
    }

    /// <summary>Spends one failure token at once, for checks that finish immediately; false when none was left.</summary>
    public bool TrySpend(string partition, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            using var lease = _buckets.AttemptAcquire(partition, 1);
            retryAfter = lease.IsAcquired ? TimeSpan.Zero : RetryAfter();
            return lease.IsAcquired;
        }
    }

    /// <summary>A bucket of <paramref name="tokens"/> that refills steadily over <paramref name="window"/>.</summary>
    public static TokenBucketRateLimiterOptions Bucket(int tokens, TimeSpan window)
    {
        // Limiters replenish on a timer of about 100 ms: keep periods at a second or more.
        var perToken = window / tokens;
        var period = perToken >= TimeSpan.FromSeconds(1) ? perToken : TimeSpan.FromSeconds(1);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = (int)Math.Max(1, Math.Round(tokens * period.TotalMilliseconds / window.TotalMilliseconds)),
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    /// <inheritdoc />
    public void Dispose() => _buckets.Dispose();

    // The time until one token returns, in whole seconds as Retry-After needs.
    private TimeSpan RetryAfter() => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(TimePerToken.TotalSeconds)));

    private sealed class Pending
    {
        public int Count { get; set; }

        public TaskCompletionSource Changed { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The answer of a <see cref="FailureLimiter"/> or the registration throttle.</summary>
/// <param name="Admitted">True when the attempt may go ahead.</param>
/// <param name="Partition">The client partition it was counted against.</param>
/// <param name="RetryAfter">When refused: how long to wait before trying again.</param>
/// <param name="ServerWide">When refused: true when the server-wide circuit refused it, not the address's own budget.</param>
public readonly record struct Admission(bool Admitted, string Partition, TimeSpan RetryAfter, bool ServerWide = false);
