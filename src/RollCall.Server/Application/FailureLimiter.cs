using System.Threading.RateLimiting;

namespace RollCall.Server.Application;

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
        var woken = false;
        while (true)
        {
            TaskCompletionSource turn;
            lock (_gate)
            {
                _pending.TryGetValue(partition, out var pending);
                if (woken && pending is not null)
                {
                    pending.Woken--;
                }

                var remaining = Remaining(partition);
                var reserved = pending?.Count ?? 0;
                if (remaining - reserved > 0)
                {
                    pending ??= _pending[partition] = new Pending();
                    pending.Count++;
                    return new Admission(true, partition, TimeSpan.Zero);
                }

                if (remaining <= 0 || pending is null || DateTime.UtcNow >= deadline)
                {
                    RemoveIfIdle(partition, pending);
                    return new Admission(false, partition, RetryAfter());
                }

                turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                pending.Waiters.Enqueue(turn);
            }

            try
            {
                await turn.Task.WaitAsync(Max(deadline - DateTime.UtcNow, TimeSpan.Zero), cancellationToken).ConfigureAwait(false);
                woken = true;
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
            {
                // Gives up its place, so a finishing attempt skips it; when it was woken at the same
                // moment, it passes the turn on, so no free token goes unused.
                if (!turn.TrySetCanceled(CancellationToken.None))
                {
                    lock (_gate)
                    {
                        _pending[partition].Woken--;
                    }

                    Wake(partition);
                }

                if (exception is OperationCanceledException)
                {
                    throw;
                }

                woken = false;
            }
        }
    }

    /// <summary>
    /// Spends one failure at once, for a failure already known when it is counted (a wrong admin
    /// token), or refuses with a retry hint when the partition has none left.
    /// </summary>
    public Admission TrySpend(string partition)
    {
        lock (_gate)
        {
            var reserved = _pending.TryGetValue(partition, out var pending) ? pending.Count : 0;
            if (Remaining(partition) - reserved > 0)
            {
                using var lease = _buckets.AttemptAcquire(partition, 1);
                if (lease.IsAcquired)
                {
                    return new Admission(true, partition, TimeSpan.Zero);
                }
            }

            return new Admission(false, partition, RetryAfter());
        }
    }

    /// <summary>Ends an admitted attempt; a failure spends its reserved token.</summary>
    public void Finish(Admission admission, bool failed)
    {
        if (!admission.Admitted)
        {
            return;
        }

        lock (_gate)
        {
            if (failed)
            {
                using var lease = _buckets.AttemptAcquire(admission.Partition, 1);
            }

            _pending[admission.Partition].Count--;
        }

        Wake(admission.Partition);
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

    // Wakes as many waiters as there are free tokens, in arrival order, or all of them when the
    // budget is spent (they are refused); never the whole queue to admit one, which under a flood
    // of concurrent attempts from one address would cost time quadratic in their number.
    private void Wake(string partition)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(partition, out var pending))
            {
                return;
            }

            var remaining = Remaining(partition);
            var free = remaining <= 0 ? int.MaxValue : remaining - pending.Count - pending.Woken;
            while (free > 0 && pending.Waiters.TryDequeue(out var waiter))
            {
                if (waiter.TrySetResult())
                {
                    pending.Woken++;
                    free--;
                }
            }

            RemoveIfIdle(partition, pending);
        }
    }

    private void RemoveIfIdle(string partition, Pending? pending)
    {
        if (pending is { Count: 0, Woken: 0, Waiters.Count: 0 })
        {
            _pending.Remove(partition);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Pending
    {
        public int Count { get; set; }

        public int Woken { get; set; }

        public Queue<TaskCompletionSource> Waiters { get; } = new();
    }
}

/// <summary>The answer of a <see cref="FailureLimiter"/> or the registration throttle.</summary>
/// <param name="Admitted">True when the attempt may go ahead.</param>
/// <param name="Partition">The client partition it was counted against.</param>
/// <param name="RetryAfter">When refused: how long to wait before trying again.</param>
/// <param name="ServerWide">When refused: true when the server-wide circuit refused it, not the address's own budget.</param>
public readonly record struct Admission(bool Admitted, string Partition, TimeSpan RetryAfter, bool ServerWide = false);
