using Microsoft.Extensions.Time.Testing;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IRegistrationStore"/> must have. One suite, one subclass per
/// database: each test gets an empty database of its own.
/// </summary>
public abstract class RegistrationStoreContract : IAsyncLifetime
{
    private readonly List<IRegistrationStore> _opened = [];

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));

    protected RecordingSink Sink { get; } = new();

    protected IRegistrationStore Store { get; private set; } = null!;

    protected static CodeGenerator Generator { get; } = new();

    public virtual async Task InitializeAsync() => Store = await OpenAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task MigratingTwiceIsHarmless()
    {
        var codes = await IssueAsync(2);
        await RedeemAsync(codes[0], "Ada");

        // A new store on the same database runs the migration again; a second call on a started store is harmless too.
        var reopened = await OpenAsync();
        await reopened.MigrateAsync(CancellationToken.None);

        Assert.True(await reopened.PingAsync(CancellationToken.None));
        Assert.Equal(CurrentSchemaVersion, await ReadSchemaVersionAsync());
        var status = await reopened.LoadStatusAsync(TestStores.DefaultEventId, CancellationToken.None);
        Assert.Equal(1, status.Version);
        Assert.Equal(["Ada"], status.Attendants.Select(a => a.FirstName));
        Assert.Equal(RedeemStatus.AlreadyUsed, (await RedeemAsync(codes[0], "Again")).Status);
        Assert.Equal(RedeemStatus.Registered, (await RedeemAsync(codes[1], "Grace")).Status);
    }

    [Fact]
    public async Task IssuedCodesAreDistinctOutstandingAndCarryTheirLabelAndExpiry()
    {
        var expiry = Time.GetUtcNow().AddDays(1);
        var codes = await Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 500, "speakers", expiry), CancellationToken.None);

        Assert.Equal(500, codes.Select(c => c.Code).Distinct().Count());
        Assert.All(codes, c => Assert.Equal(("speakers", expiry, CodeState.Outstanding), (c.Label, c.ExpiresAt, c.StateAt(Time.GetUtcNow()))));
        Assert.Equal(codes.Select(c => c.Sequence).Order(), codes.Select(c => c.Sequence));
    }

    [Fact]
    public async Task RedeemingRegistersTheAttendeeWithTheNextNumber()
    {
        var codes = await IssueAsync(2);

        var first = await RedeemAsync(codes[0], "Ada");
        var second = await RedeemAsync(codes[1], "Grace");

        Assert.Equal((RedeemStatus.Registered, 1L, "Ada"), (first.Status, first.Attendant!.Number, first.Attendant.FirstName));
        Assert.Equal(2, second.Attendant!.Number);
    }

    [Fact]
    public async Task RedeemingTellsUsedUnknownRevokedAndExpiredCodesApart()
    {
        var codes = await IssueAsync(2);
        var expiring = (await Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 1, null, Time.GetUtcNow().AddMinutes(5)), CancellationToken.None))[0].Code;
        await RedeemAsync(codes[0], "Ada");
        await Store.RevokeCodeAsync(codes[1], CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(RedeemStatus.AlreadyUsed, (await RedeemAsync(codes[0], "Again")).Status);
        Assert.Equal(RedeemStatus.UnknownCode, (await RedeemAsync(424242, "Nobody")).Status);
        Assert.Equal(RedeemStatus.Revoked, (await RedeemAsync(codes[1], "Late")).Status);
        Assert.Equal(RedeemStatus.Expired, (await RedeemAsync(expiring, "Later")).Status);
    }

    [Fact]
    public async Task ConcurrentRedemptionsOfOneCodeRegisterExactlyOnce()
    {
        var code = (await IssueAsync(1))[0];

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => RedeemAsync(code, $"Guest{i}"))));

        Assert.Single(results, r => r.Status == RedeemStatus.Registered);
        Assert.Equal(99, results.Count(r => r.Status == RedeemStatus.AlreadyUsed));
        Assert.Single((await Store.LoadStatusAsync(TestStores.DefaultEventId, CancellationToken.None)).Attendants);
    }

    [Fact]
    public async Task CommittedChangesArePublishedInVersionOrder()
    {
        var codes = await IssueAsync(20);

        await Task.WhenAll(codes.Select(c => RedeemAsync(c, "Guest")));
        await Store.RevokeCodeAsync(codes[3], CancellationToken.None);

        var published = Sink.Changes;
        Assert.Equal(Enumerable.Range(1, 21).Select(v => (long)v), published.Select(c => c.Version));
        Assert.Equal(StatusChangeKind.Cancelled, published[^1].Kind);
        Assert.Equal(published.Select(c => c.Version), (await Store.ReadChangesAsync(TestStores.DefaultEventId, 0, 100, CancellationToken.None)).Select(c => c.Version));
        Assert.Equal([19L, 20, 21], (await Store.ReadChangesAsync(TestStores.DefaultEventId, 18, 100, CancellationToken.None)).Select(c => c.Version));
    }

    [Fact]
    public async Task RevokingAUsedCodeCancelsItsRegistration()
    {
        var codes = await IssueAsync(2);
        await RedeemAsync(codes[0], "Ada");
        await RedeemAsync(codes[1], "Grace");

        var revoked = await Store.RevokeCodeAsync(codes[0], CancellationToken.None);
        var again = await Store.RevokeCodeAsync(codes[0], CancellationToken.None);

        Assert.Equal("Ada", revoked!.CancelledAttendant!.FirstName);
        Assert.Equal(CodeState.Revoked, revoked.Code.StateAt(Time.GetUtcNow()));
        Assert.True(again!.AlreadyRevoked);
        Assert.Null(await Store.RevokeCodeAsync(424242, CancellationToken.None));
        var status = await Store.LoadStatusAsync(TestStores.DefaultEventId, CancellationToken.None);
        Assert.Equal(["Grace"], status.Attendants.Select(a => a.FirstName));
        Assert.Equal(3, status.Version);
        Assert.Equal(["Grace"], (await Store.ListAttendantsAsync(TestStores.DefaultEventId, 0, 10, CancellationToken.None)).Select(a => a.FirstName));
    }

    [Fact]
    public async Task ListingCodesPagesInIssueOrderAndFiltersByStateAndLabel()
    {
        var speakers = await Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 5, "speakers", null), CancellationToken.None);
        await Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 3, null, null), CancellationToken.None);
        await RedeemAsync(speakers[1].Code, "Ada");
        var now = Time.GetUtcNow();

        var firstPage = await Store.ListCodesAsync(new CodeQuery(TestStores.DefaultEventId, null, 4, null, null, now), CancellationToken.None);
        var secondPage = await Store.ListCodesAsync(new CodeQuery(TestStores.DefaultEventId, new CodePosition(firstPage[^1].Sequence), 4, null, null, now), CancellationToken.None);
        var redeemed = await Store.ListCodesAsync(new CodeQuery(TestStores.DefaultEventId, null, 100, CodeState.Redeemed, null, now), CancellationToken.None);
        var labelled = await Store.ListCodesAsync(new CodeQuery(TestStores.DefaultEventId, null, 100, CodeState.Outstanding, "speakers", now), CancellationToken.None);

        Assert.Equal(8, firstPage.Concat(secondPage).Select(c => c.Code).Distinct().Count());
        Assert.Equal(speakers.Select(c => c.Code), firstPage.Concat(secondPage).Take(5).Select(c => c.Code));
        Assert.Equal(speakers[1].Code, Assert.Single(redeemed).Code);
        Assert.Equal(1, redeemed[0].AttendantNumber);
        Assert.Equal(4, labelled.Count);
    }

    [Fact]
    public async Task CodeStatsCountEveryState()
    {
        var codes = await IssueAsync(6);
        await Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 2, null, Time.GetUtcNow().AddMinutes(1)), CancellationToken.None);
        await RedeemAsync(codes[0], "Ada");
        await RedeemAsync(codes[1], "Grace");
        await Store.RevokeCodeAsync(codes[2], CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(2));

        var stats = await Store.GetCodeStatsAsync(TestStores.DefaultEventId, CancellationToken.None);

        Assert.Equal(new CodeStats(Issued: 8, Redeemed: 2, Outstanding: 3, Revoked: 1, Expired: 2), stats);
    }

    [Fact]
    public async Task ExportingListsAttendeesWithTheirCodesAndLabels()
    {
        var codes = await Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 3, "sponsor-X", null), CancellationToken.None);
        foreach (var code in codes)
        {
            await RedeemAsync(code.Code, "Guest");
        }

        var firstTwo = await Store.ExportAttendantsAsync(TestStores.DefaultEventId, 0, 2, CancellationToken.None);
        var rest = await Store.ExportAttendantsAsync(TestStores.DefaultEventId, firstTwo[^1].Attendant.Number, 2, CancellationToken.None);

        Assert.Equal(codes.Select(c => c.Code), firstTwo.Concat(rest).Select(r => r.Code));
        Assert.All(firstTwo.Concat(rest), r => Assert.Equal("sponsor-X", r.Label));
    }

    [Fact]
    public async Task EverythingCommittedIsThereAfterReopening()
    {
        var codes = await IssueAsync(3);
        await RedeemAsync(codes[0], "Ada");
        await RedeemAsync(codes[1], "Grace");

        var reopened = await OpenAsync();
        var status = await reopened.LoadStatusAsync(TestStores.DefaultEventId, CancellationToken.None);

        Assert.Equal(2, status.Version);
        Assert.Equal(["Ada", "Grace"], status.Attendants.Select(a => a.FirstName));
        Assert.Equal(RedeemStatus.Registered, (await reopened.RedeemAsync(new Redemption(codes[2], "Linus", "T"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task NamesAreStoredExactlyAsGiven()
    {
        var code = (await IssueAsync(1))[0];
        const string Hostile = "Robert'); DROP TABLE Students;--";

        await Store.RedeemAsync(new Redemption(code, Hostile, "<script>alert(1)</script>"), CancellationToken.None);

        var attendant = Assert.Single((await Store.LoadStatusAsync(TestStores.DefaultEventId, CancellationToken.None)).Attendants);
        Assert.Equal((Hostile, "<script>alert(1)</script>"), (attendant.FirstName, attendant.LastName));
    }

    /// <summary>Opens (another) store on this test's database.</summary>
    protected async Task<IRegistrationStore> OpenAsync()
    {
        if (Store is not null)
        {
            // One writer per database: the embedded store refuses a second one, as it should.
            await Store.DisposeAsync();
            _opened.Remove(Store);
        }

        var store = CreateStore(Sink, Time);
        await store.MigrateAsync(CancellationToken.None);
        _opened.Add(store);
        Store = store;
        return store;
    }

    /// <summary>A new store on this test's database; not yet migrated.</summary>
    protected abstract IRegistrationStore CreateStore(IStatusChangeSink sink, TimeProvider time);

    /// <summary>The schema version this build writes.</summary>
    protected abstract int CurrentSchemaVersion { get; }

    /// <summary>The schema version recorded in this test's database, read on a connection of the test's own.</summary>
    [Fact]
    public async Task EachEventCountsItsOwnNumbersAndVersionsAndPublishesOnlyItsOwnChanges()
    {
        var events = (IEventStore)Store;
        var other = (await events.CreateEventAsync(Draft("other"), CancellationToken.None))!;
        var mine = await IssueAsync(2);
        var theirs = (await Store.IssueCodesAsync(new CodeIssue(other.Id, 2, null, null), CancellationToken.None)).Select(c => c.Code).ToList();

        // Concurrent redemptions of both events land in shared batches.
        var results = await Task.WhenAll(
            RedeemAsync(mine[0], "Ada"), RedeemAsync(theirs[0], "Grace"), RedeemAsync(theirs[1], "Linus"), RedeemAsync(mine[1], "Alan"));
        var revoked = await Store.RevokeCodeAsync(theirs[0], CancellationToken.None);
        var defaultStatus = await Store.LoadStatusAsync(TestStores.DefaultEventId, CancellationToken.None);
        var otherStatus = await Store.LoadStatusAsync(other.Id, CancellationToken.None);
        var otherChanges = await Store.ReadChangesAsync(other.Id, 0, 10, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(RedeemStatus.Registered, r.Status));
        Assert.Equal([TestStores.DefaultEventId, other.Id, other.Id, TestStores.DefaultEventId], results.Select(r => r.EventId));
        Assert.Equal([1L, 2], results.Where(r => r.EventId == other.Id).Select(r => r.Attendant!.Number).Order());
        Assert.Equal([1L, 2], results.Where(r => r.EventId == TestStores.DefaultEventId).Select(r => r.Attendant!.Number).Order());
        Assert.Equal(other.Id, revoked!.Code.EventId);
        Assert.Equal((2L, 2), (defaultStatus.Version, defaultStatus.Attendants.Count));
        Assert.Equal((3L, 1), (otherStatus.Version, otherStatus.Attendants.Count));
        Assert.Equal([1L, 2, 3], otherChanges.Select(c => c.Version));
        Assert.All(otherChanges, c => Assert.Equal(other.Id, c.EventId));
        foreach (var group in Sink.Changes.GroupBy(c => c.EventId))
        {
            Assert.Equal(Enumerable.Range(1, group.Count()).Select(v => (long)v), group.Select(c => c.Version));
        }
    }

    [Fact]
    public async Task AClosedEventRefusesItsCodesAndReopeningLetsThemIn()
    {
        var events = (IEventStore)Store;
        var codes = await IssueAsync(2);
        await RedeemAsync(codes[0], "Ada");

        var closed = await events.SetEventStateAsync(TestStores.DefaultEventId, EventState.Closed, CancellationToken.None);
        var refused = await RedeemAsync(codes[1], "Grace");
        var used = await RedeemAsync(codes[0], "Again");
        await events.SetEventStateAsync(TestStores.DefaultEventId, EventState.Open, CancellationToken.None);
        var admitted = await RedeemAsync(codes[1], "Grace");

        Assert.Equal(EventState.Closed, closed!.State);
        Assert.Equal((RedeemStatus.EventClosed, TestStores.DefaultEventId), (refused.Status, refused.EventId));
        Assert.Equal(RedeemStatus.AlreadyUsed, used.Status);
        Assert.Equal((RedeemStatus.Registered, 2L), (admitted.Status, admitted.Attendant!.Number));
    }

    [Fact]
    public async Task EventsKeepTheirFieldsASlugIsTakenOnceAndOnlyTheChosenEventBecomesCurrent()
    {
        var events = (IEventStore)Store;
        var first = await events.CreateEventAsync(Draft("first") with { StartsAt = Time.GetUtcNow(), ForgetAfterDays = 7, PublicNames = false }, CancellationToken.None);
        var again = await events.CreateEventAsync(Draft("first"), CancellationToken.None);
        var second = await events.CreateEventAsync(Draft("second"), CancellationToken.None);
        var afterCreating = await events.LoadEventsAsync(CancellationToken.None);
        var chosen = await events.SetCurrentEventAsync(second!.Id, CancellationToken.None);
        var missing = await events.SetCurrentEventAsync(999, CancellationToken.None);
        var updated = await events.UpdateEventAsync(
            first!.Id, new EventPatch { Title = new("First night"), ForgetAfterDays = new(null) }, CancellationToken.None);
        var afterChoosing = await events.LoadEventsAsync(CancellationToken.None);

        Assert.Null(again);
        Assert.Equal((Time.GetUtcNow(), 7, false), (first.StartsAt, first.ForgetAfterDays, first.PublicNames));
        Assert.Equal(first.Id, afterCreating.CurrentEventId);
        Assert.True(chosen);
        Assert.False(missing);
        Assert.Equal(("First night", (int?)null, (bool?)false), (updated!.Title, updated.ForgetAfterDays, updated.PublicNames));
        Assert.Equal(second.Id, afterChoosing.CurrentEventId);
        Assert.Equal(["default", "first", "second"], afterChoosing.Events.Select(e => e.Slug));
    }

    [Fact]
    public async Task ForgettingErasesOneEventsNamesAndBumpsItsVersionOnly()
    {
        var events = (IEventStore)Store;
        var other = (await events.CreateEventAsync(Draft("other"), CancellationToken.None))!;
        var mine = await IssueAsync(2);
        var theirs = (await Store.IssueCodesAsync(new CodeIssue(other.Id, 1, null, null), CancellationToken.None))[0].Code;
        await RedeemAsync(mine[0], "Ada");
        await RedeemAsync(mine[1], "Alan");
        await RedeemAsync(theirs, "Grace");

        var forgotten = await events.ForgetNamesAsync(TestStores.DefaultEventId, Time.GetUtcNow(), CancellationToken.None);
        var none = await events.ForgetNamesAsync(999, Time.GetUtcNow(), CancellationToken.None);
        var status = await Store.LoadStatusAsync(TestStores.DefaultEventId, CancellationToken.None);
        var kept = await Store.LoadStatusAsync(other.Id, CancellationToken.None);
        var counts = await events.CountEventsAsync(CancellationToken.None);

        Assert.Equal(2, forgotten);
        Assert.Null(none);
        Assert.Equal(3L, status.Version);
        Assert.Equal([(1L, "", ""), (2L, "", "")], status.Attendants.Select(a => (a.Number, a.FirstName, a.LastName)));
        Assert.Equal(["Grace"], kept.Attendants.Select(a => a.FirstName));
        Assert.Equal(new EventCounts(2, 2, 2), counts[TestStores.DefaultEventId]);
        Assert.Equal(new EventCounts(1, 1, 1), counts[other.Id]);
    }

    private EventDraft Draft(string slug) => new(slug, slug, null, null, "en", null, null, Time.GetUtcNow());

    protected abstract Task<int> ReadSchemaVersionAsync();

    private async Task<List<long>> IssueAsync(int count) =>
        [.. (await Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, count, null, null), CancellationToken.None)).Select(c => c.Code)];

    private Task<RedeemResult> RedeemAsync(long code, string firstName) =>
        Store.RedeemAsync(new Redemption(code, firstName, "Tester"), CancellationToken.None);

    /// <summary>Collects what the store publishes after its commits.</summary>
    public sealed class RecordingSink : IStatusChangeSink
    {
        private readonly List<StatusChange> _changes = [];

        public IReadOnlyList<StatusChange> Changes
        {
            get
            {
                lock (_changes)
                {
                    return [.. _changes];
                }
            }
        }

        public void Publish(IReadOnlyList<StatusChange> changes)
        {
            lock (_changes)
            {
                _changes.AddRange(changes);
            }
        }
    }
}
