using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using RollCall.Server.Domain;
using RollCall.Server.Live;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// Random interleavings of issue, redeem, revoke and the passing of time on a real SQLite store,
/// checked step by step against a model that fits on a page: a code registers at most once,
/// revoked and expired codes never register, and the counts add up.
/// </summary>
public sealed class RedemptionRulesProperties
{
    private static readonly TimeSpan _ttl = TimeSpan.FromMinutes(10);

    /// <summary>One step: what it does and which code (by issue position) it touches.</summary>
    public sealed record Step(string Kind, int Index, int Minutes)
    {
        public override string ToString() => $"{Kind}({Index},{Minutes})";
    }

    private sealed class ModelCode(long code, DateTimeOffset? expiresAt)
    {
        public long Code { get; } = code;

        public DateTimeOffset? ExpiresAt { get; } = expiresAt;

        public bool Redeemed { get; set; }

        public bool Revoked { get; set; }
    }

    private static Arbitrary<Step[]> Steps() =>
        Gen.OneOf(
            Gen.Constant(new Step("issue", 0, 0)),
            Gen.Constant(new Step("issue-expiring", 0, 0)),
            Gen.Choose(0, 30).Select(i => new Step("redeem", i, 0)),
            Gen.Choose(0, 30).Select(i => new Step("redeem", i, 0)),
            Gen.Choose(1, 1000).Select(i => new Step("redeem-unknown", i, 0)),
            Gen.Choose(0, 30).Select(i => new Step("revoke", i, 0)),
            Gen.Choose(1, 8).Select(m => new Step("wait", 0, m)))
        .ArrayOf()
        .ToArbitrary();

    [Property(MaxTest = 40)]
    public Property TheStoreFollowsTheModel() =>
        Prop.ForAll(Steps(), steps => Task.Run(() => RunAsync(steps)).GetAwaiter().GetResult());

    private static async Task<bool> RunAsync(Step[] steps)
    {
        using var data = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T09:00:00Z"));
        await using var store = TestStores.Sqlite(data.Path, new IgnoredChanges(), time, generator: new CodeGenerator(9));
        await store.MigrateAsync(CancellationToken.None);
        var model = new List<ModelCode>();
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case "issue":
                case "issue-expiring":
                    var expires = step.Kind == "issue-expiring" ? time.GetUtcNow() + _ttl : (DateTimeOffset?)null;
                    var issued = await store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 1, null, expires), CancellationToken.None);
                    model.Add(new ModelCode(issued[0].Code, expires));
                    break;
                case "redeem" when model.Count > 0:
                    var target = model[step.Index % model.Count];
                    var result = await store.RedeemAsync(new Redemption(target.Code, "A", "B"), CancellationToken.None);
                    var expected = target.Revoked ? RedeemStatus.Revoked
                        : target.Redeemed ? RedeemStatus.AlreadyUsed
                        : target.ExpiresAt is { } at && at <= time.GetUtcNow() ? RedeemStatus.Expired
                        : RedeemStatus.Registered;
                    Assert.Equal(expected, result.Status);
                    target.Redeemed |= result.Status == RedeemStatus.Registered;
                    break;
                case "redeem-unknown":
                    // Nine-digit codes never fall below 100,000,000.
                    Assert.Equal(RedeemStatus.UnknownCode, (await store.RedeemAsync(new Redemption(step.Index, "A", "B"), CancellationToken.None)).Status);
                    break;
                case "revoke" when model.Count > 0:
                    var revoked = model[step.Index % model.Count];
                    var outcome = await store.RevokeCodeAsync(revoked.Code, CancellationToken.None);
                    Assert.NotNull(outcome);
                    Assert.Equal(revoked.Revoked, outcome.AlreadyRevoked);
                    Assert.Equal(revoked.Redeemed && !revoked.Revoked, outcome.CancelledAttendant is not null);
                    revoked.Revoked = true;
                    break;
                case "wait":
                    time.Advance(TimeSpan.FromMinutes(step.Minutes));
                    break;
            }
        }

        var now = time.GetUtcNow();
        var stats = await store.GetCodeStatsAsync(TestStores.DefaultEventId, CancellationToken.None);
        var registered = model.Count(c => c.Redeemed && !c.Revoked);
        Assert.Equal(model.Count, stats.Issued);
        Assert.Equal(registered, stats.Redeemed);
        Assert.Equal(model.Count(c => c.Revoked), stats.Revoked);
        Assert.Equal(model.Count(c => !c.Redeemed && !c.Revoked && c.ExpiresAt is { } at && at <= now), stats.Expired);
        Assert.Equal(stats.Issued, stats.Redeemed + stats.Outstanding + stats.Revoked + stats.Expired);
        var exported = await store.ExportAttendantsAsync(TestStores.DefaultEventId, 0, 10_000, CancellationToken.None);
        Assert.Equal(registered, exported.Count);
        Assert.Equal(exported.Count, exported.Select(e => e.Code).Distinct().Count());
        Assert.Equal(registered, (await store.LoadStatusAsync(TestStores.DefaultEventId, CancellationToken.None)).Attendants.Count);
        return true;
    }

    private sealed class IgnoredChanges : IStatusChangeSink
    {
        public void Publish(IReadOnlyList<StatusChange> changes)
        {
        }
    }
}
