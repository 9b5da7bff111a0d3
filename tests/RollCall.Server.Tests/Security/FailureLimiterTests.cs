using RollCall.Server.Application;

namespace RollCall.Server.Tests.Security;

/// <summary>
/// The per-address failure budget under many concurrent attempts from one address: attempts in
/// progress reserve tokens, so no more can be in flight than failures are left, and waiters are
/// woken in turn as attempts finish.
/// </summary>
public sealed class FailureLimiterTests
{
    private const string Address = "203.0.113.7";

    [Fact]
    public async Task AKnownFailureIsSpentAtOnceWithoutOverrunningTheBudgetOrTheReservations()
    {
        using var limiter = new FailureLimiter(10, TimeSpan.FromMinutes(10));
        var reserved = await limiter.AdmitAsync(Address, CancellationToken.None);

        var spent = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => limiter.TrySpend(Address))));

        // One of the ten is held by the attempt in progress.
        Assert.Equal(9, spent.Count(a => a.Admitted));
        Assert.All(spent.Where(a => !a.Admitted), a => Assert.Equal(TimeSpan.FromMinutes(1), a.RetryAfter));
        Assert.True(limiter.TrySpend("203.0.113.8").Admitted);
        limiter.Finish(reserved, failed: false);
        Assert.True(limiter.TrySpend(Address).Admitted);
    }

    [Fact]
    public async Task ConcurrentAttemptsBeyondTheBudgetTakeTurnsAndAllGoAheadWhenNoneFails()
    {
        using var limiter = new FailureLimiter(10, TimeSpan.FromMinutes(1));
        var inFlight = 0;
        var mostInFlight = 0;

        var admissions = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(async () =>
        {
            var admission = await limiter.AdmitAsync(Address, CancellationToken.None);
            if (admission.Admitted)
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref mostInFlight, now);
                await Task.Yield();
                Interlocked.Decrement(ref inFlight);
                limiter.Finish(admission, failed: false);
            }

            return admission;
        })));

        Assert.All(admissions, a => Assert.True(a.Admitted));
        Assert.InRange(mostInFlight, 1, 10);
        Assert.Equal(10, limiter.Remaining(Address));
    }

    [Fact]
    public async Task WhenEveryAttemptFailsOnlyAsManyAsTheBudgetAreAdmittedAndTheRestAreRefused()
    {
        using var limiter = new FailureLimiter(10, TimeSpan.FromMinutes(1));

        var admissions = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(async () =>
        {
            var admission = await limiter.AdmitAsync(Address, CancellationToken.None);
            await Task.Yield();
            limiter.Finish(admission, failed: true);
            return admission;
        })));

        Assert.Equal(10, admissions.Count(a => a.Admitted));
        Assert.All(admissions.Where(a => !a.Admitted), a => Assert.True(a.RetryAfter > TimeSpan.Zero));
        Assert.Equal(0, limiter.Remaining(Address));
    }

    [Fact]
    public async Task AWaiterThatIsCancelledGivesUpItsTurnToTheNextOne()
    {
        using var limiter = new FailureLimiter(1, TimeSpan.FromMinutes(1));
        var first = await limiter.AdmitAsync(Address, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.AdmitAsync(Address, cancel.Token).AsTask();
        var next = limiter.AdmitAsync(Address, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(next.IsCompleted);
        limiter.Finish(first, failed: false);

        var admission = await next.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(admission.Admitted);
        limiter.Finish(admission, failed: false);
    }

    [Fact]
    public async Task AnotherAddressIsNeverHeldUpByAnAddressWhoseAttemptsAreWaiting()
    {
        using var limiter = new FailureLimiter(1, TimeSpan.FromMinutes(1));
        var held = await limiter.AdmitAsync(Address, CancellationToken.None);
        var waiting = limiter.AdmitAsync(Address, CancellationToken.None).AsTask();

        var other = await limiter.AdmitAsync("198.51.100.1", CancellationToken.None);

        Assert.True(other.Admitted);
        Assert.False(waiting.IsCompleted);
        limiter.Finish(held, failed: false);
        Assert.True((await waiting.WaitAsync(TimeSpan.FromSeconds(30))).Admitted);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
