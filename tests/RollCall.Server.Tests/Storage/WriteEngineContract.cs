using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// The one group-commit engine, on each database: batches commit together, an operation that fails
/// on its own fails alone, an outage fails the batch as unavailable and heals by itself, a queued
/// write outlives its caller, and admin tokens and migrations go through the same writer. Tests
/// make batches by holding the database's write lock from another connection while the writer is
/// busy with a first write: everything queued meanwhile is taken in one go.
/// </summary>
public abstract class WriteEngineContract : IAsyncLifetime
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));

    protected StoreAvailability Availability { get; } = new();

    protected RegistrationStoreContract.RecordingSink Sink { get; } = new();

    internal DatabaseStore Store { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Store = CreateStore();
        await Store.MigrateAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    [Fact]
    public async Task AWholeBatchCommitsAndEveryOperationGetsItsResult()
    {
        var writer = await BlockWriterAsync();
        var batch = Enumerable.Range(0, 50).Select(_ => Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 2, "batch", null), CancellationToken.None)).ToList();
        Assert.Equal(batch.Count, Store.Engine.Queued);

        await writer.ReleaseAsync();

        var issued = await Task.WhenAll(batch);
        Assert.All(batch, operation => Assert.True(operation.IsCompletedSuccessfully));
        Assert.Equal(100, issued.Sum(codes => codes.Count));
        Assert.Equal(100L, await CountAsync("SELECT count(*) FROM codes WHERE label = 'batch'"));
    }

    [Fact]
    public async Task MintsQueuedTogetherEachKeepTheirOwnLabelExpiryAndEvent()
    {
        var other = (await Store.CreateEventAsync(new EventDraft("other", "Other", null, null, "en", null, null, Time.GetUtcNow()), CancellationToken.None))!;
        var expiry = Time.GetUtcNow().AddDays(2);
        var issues = Enumerable.Range(0, 30).Select(i => new CodeIssue(
            i % 2 == 0 ? TestStores.DefaultEventId : other.Id, 1 + (i % 3), i % 5 == 0 ? null : "label-" + i, i % 4 == 0 ? expiry : null)).ToList();
        var writer = await BlockWriterAsync();
        var batch = issues.Select(issue => Store.IssueCodesAsync(issue, CancellationToken.None)).ToList();
        Assert.Equal(issues.Count, Store.Engine.Queued);

        await writer.ReleaseAsync();

        var issued = await Task.WhenAll(batch);
        for (var i = 0; i < issues.Count; i++)
        {
            Assert.Equal(issues[i].Count, issued[i].Count);
            Assert.All(issued[i], code => Assert.Equal((issues[i].EventId, issues[i].Label, issues[i].ExpiresAt), (code.EventId, code.Label, code.ExpiresAt)));
            Assert.Equal(issued[i].OrderBy(code => code.Sequence), issued[i]);
            foreach (var code in issued[i])
            {
                var row = $"code = {code.Code} AND seq = {code.Sequence} AND event_id = {issues[i].EventId}"
                    + (issues[i].Label is { } label ? $" AND label = '{label}'" : " AND label IS NULL")
                    + (issues[i].ExpiresAt is null ? " AND expires_at IS NULL" : " AND expires_at IS NOT NULL");
                Assert.Equal(1L, await CountAsync("SELECT count(*) FROM codes WHERE " + row));
            }
        }

        Assert.Equal(issues.Sum(issue => issue.Count), issued.SelectMany(codes => codes).Select(code => code.Code).Distinct().Count());
        Assert.Equal(issues.Sum(issue => (long)issue.Count), await CountAsync("SELECT count(*) FROM codes"));
    }

    [Fact]
    public async Task AnOperationThatFailsOnItsOwnFailsAloneAndTheRestOfTheBatchCommits()
    {
        // Issuing with this label writes one code, then finds every further draw taken: the code space looks exhausted.
        await MakeIssuingFailAsync("failing");
        var writer = await BlockWriterAsync();
        var before = Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 3, "kept", null), CancellationToken.None);
        var failing = Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 2, "failing", null), CancellationToken.None);
        var after = Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 4, "kept", null), CancellationToken.None);
        Assert.Equal(3, Store.Engine.Queued);

        await writer.ReleaseAsync();

        Assert.Equal(3, (await before).Count);
        Assert.Equal(4, (await after).Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        // The failing operation's own insert was undone with it; the first run's inserts were rolled back and redone once.
        Assert.Equal(7L, await CountAsync("SELECT count(*) FROM codes WHERE label = 'kept'"));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM codes WHERE label = 'failing'"));
        Assert.True(Availability.IsAvailable);
    }

    [Fact]
    public async Task AWriteCancelledAfterItWasQueuedStillCommitsAndCompletesWithItsRealResult()
    {
        var codes = (await Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 2, null, null), CancellationToken.None)).Select(c => c.Code).ToList();
        var writer = await BlockWriterAsync();
        using var cancel = new CancellationTokenSource();

        var redemption = Store.RedeemAsync(new Redemption(codes[0], "Ada", "Lovelace"), cancel.Token);
        Assert.Equal(1, Store.Engine.Queued);
        await cancel.CancelAsync();
        await writer.ReleaseAsync();

        var result = await redemption;
        Assert.Equal((RedeemStatus.Registered, "Ada"), (result.Status, result.Attendant!.FirstName));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM attendants"));
        Assert.Equal(1L, Assert.Single(Sink.Changes).Version);

        // A token cancelled before the call stops it from queuing at all.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.RedeemAsync(new Redemption(codes[1], "Grace", "Hopper"), cancel.Token));
        Assert.Equal(RedeemStatus.Registered, (await Store.RedeemAsync(new Redemption(codes[1], "Grace", "Hopper"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task AnOutageFailsTheWholeBatchAsUnavailableAndTheStoreRecoversByItself()
    {
        var codes = (await Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 12, null, null), CancellationToken.None)).Select(c => c.Code).ToList();
        Assert.Equal(RedeemStatus.Registered, (await Store.RedeemAsync(new Redemption(codes[0], "Before", "Outage"), CancellationToken.None)).Status);
        await BreakAsync();

        var writer = await BlockWriterAsync();
        var batch = codes.Skip(1).Take(10).Select(code => Store.RedeemAsync(new Redemption(code, "During", "Outage"), CancellationToken.None)).ToList();
        await writer.ReleaseAsync(expectUnavailable: true);

        foreach (var redemption in batch)
        {
            var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => redemption);
            Assert.Equal(StoreUnavailableException.DefaultMessage, error.Message);
            AssertCausedByBreaking(error.InnerException!);
        }

        Assert.False(Availability.IsAvailable);
        Assert.Equal(StoreUnavailableException.DefaultMessage, Availability.Problem);
        Assert.False(await Store.PingAsync(CancellationToken.None));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM attendants"));

        await RepairAsync();

        // Nobody writes and nobody asks: the idle writer probes by itself and the store turns available.
        var deadline = DateTime.UtcNow + _patience;
        while (!Availability.IsAvailable)
        {
            Assert.True(DateTime.UtcNow < deadline, "The store did not turn available by itself.");
            Time.Advance(WriteEngine.ProbeInterval);
            await Task.Delay(50);
        }

        Assert.True(await Store.PingAsync(CancellationToken.None));
        Assert.Equal(RedeemStatus.Registered, (await Store.RedeemAsync(new Redemption(codes[11], "After", "Outage"), CancellationToken.None)).Status);
        Assert.Equal(["Before", "After"], (await Store.LoadStatusAsync(TestStores.DefaultEventId, CancellationToken.None)).Attendants.Select(a => a.FirstName));
    }

    [Fact]
    public async Task AdminTokenWritesWaitInTheSameQueueAsRegistrations()
    {
        var writer = await BlockWriterAsync();

        var adding = Store.AddAsync("door", NewHash(), Time.GetUtcNow(), CancellationToken.None);
        var revoking = Store.RevokeAsync("door", Time.GetUtcNow().AddMinutes(1), CancellationToken.None);
        Assert.Equal(2, Store.Engine.Queued);
        Assert.False(adding.IsCompleted);

        await writer.ReleaseAsync();

        Assert.True(await adding);
        Assert.True(await revoking);
        Assert.NotNull(Assert.Single(await Store.ListAsync(CancellationToken.None)).RevokedAt);
    }

    [Fact]
    public async Task StoresMigratingAFreshDatabaseAtOnceWhileTokensAreWrittenDoNotRace()
    {
        var stores = await CreateStoresOnAFreshDatabaseAsync();
        try
        {
            // Queued before any migration: the writer runs them after migrating, on the same connection.
            var writes = stores.Select((store, i) => store.AddAsync($"kiosk-{i}", NewHash(), Time.GetUtcNow(), CancellationToken.None)).ToList();
            await Task.WhenAll(stores.SelectMany(store => new[]
            {
                Task.Run(() => store.MigrateAsync(CancellationToken.None)),
                Task.Run(() => store.MigrateAsync(CancellationToken.None)),
            }));

            Assert.All(await Task.WhenAll(writes), Assert.True);
            Assert.Equal(stores.Count, (await stores[0].ListAsync(CancellationToken.None)).Count);
            Assert.All(await Task.WhenAll(stores.Select(s => s.PingAsync(CancellationToken.None))), Assert.True);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    /// <summary>A new store on this test's database, reporting to <see cref="Availability"/>; not yet migrated.</summary>
    internal abstract DatabaseStore CreateStore();

    /// <summary>Stores (one per replica, or the one of a data folder) on a database nothing has migrated yet.</summary>
    internal abstract Task<IReadOnlyList<DatabaseStore>> CreateStoresOnAFreshDatabaseAsync();

    /// <summary>Takes the database's write lock from another connection until the returned object is disposed.</summary>
    protected abstract Task<IAsyncDisposable> HoldWriteLockAsync();

    /// <summary>A count, read on a connection of the test's own.</summary>
    protected abstract Task<long> CountAsync(string sql);

    /// <summary>Makes the database silently skip every code issued with <paramref name="label"/> after the first.</summary>
    protected abstract Task MakeIssuingFailAsync(string label);

    /// <summary>Makes the database refuse writes, as an outage would.</summary>
    protected abstract Task BreakAsync();

    /// <summary>Ends what <see cref="BreakAsync"/> did.</summary>
    protected abstract Task RepairAsync();

    /// <summary>Checks that <paramref name="cause"/> is the database's own error for what <see cref="BreakAsync"/> did.</summary>
    protected abstract void AssertCausedByBreaking(Exception cause);

    private static byte[] NewHash() => SHA256.HashData(RandomNumberGenerator.GetBytes(32));

    /// <summary>Holds the write lock, then queues a first redemption the writer takes and waits on; writes queued next form one batch.</summary>
    private async Task<BlockedWriter> BlockWriterAsync()
    {
        var hold = await HoldWriteLockAsync();
        var first = Store.RedeemAsync(new Redemption(1, "Blocked", "Writer"), CancellationToken.None);
        await Eventually.TrueAsync(() => Store.Engine.Queued == 0, _patience);
        return new BlockedWriter(hold, first);
    }

    private sealed class BlockedWriter(IAsyncDisposable hold, Task<RedeemResult> first)
    {
        public async Task ReleaseAsync(bool expectUnavailable = false)
        {
            await hold.DisposeAsync();
            if (expectUnavailable)
            {
                await Assert.ThrowsAsync<StoreUnavailableException>(() => first);
            }
            else
            {
                Assert.Equal(RedeemStatus.UnknownCode, (await first).Status);
            }
        }
    }
}
