using RollCall.Cli.Monitor;

namespace RollCall.Cli.Tests.Monitor;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void DelaysDoubleFromHalfASecondAndNeverPassTheCap()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), new Random(1234));

        var ceilings = new List<TimeSpan>();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            ceilings.Add(backoff.CurrentCeiling);
            delays.Add(backoff.Next());
        }

        Assert.Equal(
            [0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
            ceilings.Select(c => c.TotalSeconds));
        for (var i = 0; i < delays.Count; i++)
        {
            Assert.InRange(delays[i], ceilings[i] / 2, ceilings[i]);
        }

        Assert.True(delays.Max() <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void DelaysAreJitteredSoMonitorsDoNotReconnectInLockstep()
    {
        var capped = Sequence(new Random(1234)).Skip(8).ToList();

        // Every capped delay has the same 30 s ceiling, yet they spread across its upper half.
        Assert.True(capped.Distinct().Count() == capped.Count, "capped delays should all differ");
        Assert.True(capped.Max() - capped.Min() > TimeSpan.FromSeconds(5), string.Join(", ", capped));
        Assert.NotEqual(Sequence(new Random(1)), Sequence(new Random(2)));
    }

    [Fact]
    public void TheSameSeedGivesTheSameDelays()
    {
        Assert.Equal(Sequence(new Random(42)), Sequence(new Random(42)));
    }

    [Fact]
    public void ResetStartsOverFromTheFirstDelay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), new Random(7));
        for (var i = 0; i < 10; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(0.5), backoff.CurrentCeiling);
        Assert.InRange(backoff.Next(), TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(0.5));
    }

    [Fact]
    public void AThousandFailuresInARowStayCappedWithoutOverflowing()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), new Random(3));

        var delays = Enumerable.Range(0, 1000).Select(_ => backoff.Next()).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.CurrentCeiling);
    }

    [Fact]
    public void TheDefaultsAreHalfASecondDoublingToThirtySeconds()
    {
        var backoff = new ReconnectBackoff();

        Assert.Equal(TimeSpan.FromSeconds(0.5), backoff.Initial);
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Maximum);
    }

    private static List<TimeSpan> Sequence(Random random)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), random);
        return [.. Enumerable.Range(0, 16).Select(_ => backoff.Next())];
    }
}
