using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Tests.Storage;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>
/// The attack of the issue, end to end on real Kestrel with real gRPC deadlines, on both stores:
/// one address alternates wrong guesses and valid codes, each call with a deadline of a fraction of
/// a millisecond up to twenty, so callers give up while their redemption is queued or running. Each
/// round opens with a wave held behind the database's write lock (taken from outside), whose callers
/// all give up before their redemptions run; should none of that wave have reached the store in
/// time, another round from another address tries again (a few at most); every round must keep the rules.
/// The real store underneath is watched (not replaced) to learn which guesses the database really
/// tested and which codes it really registered.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DeadlineGuessTests(PostgresServer server)
{
    private const int Budget = 20;
    private const int MaxRounds = 8;
    private const int Wave = 16;
    private const int MaxCalls = 3000;
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _blockedDeadline = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CallsGivingUpOnTinyDeadlinesTestNoMoreWrongGuessesThanTheBudgetAndEveryRegistrationIsAuditedAndCounted(string store)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RollCall:RateLimits:FailuresPerAddress"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RollCall:RateLimits:GlobalFailures"] = "0",
            ["RollCall:RateLimits:WindowSeconds"] = "3600",
            // Each round comes from an address of its own, with a budget of its own.
            ["RollCall:TrustedProxies"] = "127.0.0.1",
        };
        if (store == "postgres")
        {
            settings["Storage:ConnectionString"] = await server.CreateDatabaseAsync();
        }

        var watched = new WatchedRedemptions();
        var log = new LogCapture();
        await using var app = new RollCallApplication(settings, configureServices: services =>
        {
            watched.AddTo(services);
            log.AddTo(services);
        }).StartKestrel();
        using var registrations = new MeterListener();
        long counted = 0;
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        registrations.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "rollcall.registrations")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        registrations.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        registrations.Start();

        var channel = app.CreateChannel();
        var valid = new Queue<string>(await AdminCalls.MintAsync(channel, app.AdminToken, 2000));
        var client = new Registration.RegistrationClient(channel);
        // From a fraction of a millisecond to twenty: on a busy machine the shortest
        // expire before the server even sees the call, while the longer ones give up mid-way.
        var deadlines = new[] { 0.3, 1, 2, 5, 10, 20 }.Select(TimeSpan.FromMilliseconds).ToArray();
        var answers = new ConcurrentDictionary<StatusCode, int>();
        var clock = Stopwatch.StartNew();

        async Task CallAsync(int i, string code, Metadata from, TimeSpan? deadline = null)
        {
            try
            {
                await client.RegisterAsync(
                    new RegisterRequest { FirstName = "Eve", LastName = $"Caller {i}", Code = code },
                    from,
                    deadline: DateTime.UtcNow + (deadline ?? deadlines[i % deadlines.Length]));
                answers.AddOrUpdate(StatusCode.OK, 1, (_, n) => n + 1);
            }
            catch (RpcException exception)
            {
                answers.AddOrUpdate(exception.StatusCode, 1, (_, n) => n + 1);
            }
        }

        var seen = () => $"tested {watched.WrongTested} wrong guesses, registered {watched.Registered.Count}, {watched.RanAfterTheCallerGaveUp} after the caller gave up; answers {string.Join(", ", answers.Select(a => $"{a.Key}={a.Value}"))}";
        var rounds = 0;
        var calls = 0;
        do
        {
            rounds++;
            var from = new Metadata { { "x-forwarded-for", $"203.0.113.{rounds}" } };
            var testedBefore = watched.WrongTested;

            // A first wave waits behind the database's write lock, held from outside: a busy machine's
            // timers can fire too late for any tiny deadline to pass mid-call, but these callers all
            // give up while their redemptions wait, which then run.
            await using (store == "postgres"
                ? await WriteLock.HoldPostgresAsync(settings["Storage:ConnectionString"]!)
                : await WriteLock.HoldSqliteAsync(app.DataDirectory.File("rollcall.db")))
            {
                var first = calls;
                await Task.WhenAll(Enumerable.Range(first, Wave).Select(n => CallAsync(n, n % 2 == 0 ? $"{100_000_000 + n}" : valid.Dequeue(), from, _blockedDeadline)).ToList());
                calls += Wave;
                await Eventually.TrueAsync(() => watched.EveryCallerInFlightGaveUp, _patience);
            }

            // Waves of concurrent calls, so the writer is busy and deadlines pass while redemptions
            // wait in its queue, until the database has tested a budget's worth of wrong guesses;
            // bounded in calls and time.
            while (calls < MaxCalls && watched.WrongTested - testedBefore < Budget && clock.Elapsed < _patience && valid.Count > Wave)
            {
                var first = calls;
                await Task.WhenAll(Enumerable.Range(first, Wave).Select(n => CallAsync(n, n % 2 == 0 ? $"{100_000_000 + n}" : valid.Dequeue(), from)).ToList());
                calls += Wave;
            }

            await Eventually.TrueAsync(() => watched.InFlight == 0, _patience);

            // A guess the database tested is a guess, answered or not: never more than the budget.
            Assert.Equal(Budget, watched.WrongTested - testedBefore);
            var next = await Assert.ThrowsAsync<RpcException>(async () =>
                await client.RegisterAsync(new RegisterRequest { FirstName = "Eve", LastName = "After", Code = valid.Dequeue() }, from));
            Assert.Equal(StatusCode.ResourceExhausted, next.StatusCode);
        }
        while (watched.RanAfterTheCallerGaveUp == 0 && rounds < MaxRounds);

        // The case of the issue happened: callers gave up while the database went on with their redemption.
        Assert.True(watched.RanAfterTheCallerGaveUp > 0, seen());

        // Every registration that happened is in the status, the audit and the metrics, once.
        var status = await client.GetStatusAsync(new GetStatusRequest());
        Assert.Equal(watched.Registered.Count, status.Count);
        await Eventually.TrueAsync(
            () => log.Events.Count(e => e.Category == AuditLog.Category && e.EventId.Id == 1003) == watched.Registered.Count
                && Interlocked.Read(ref counted) == watched.Registered.Count,
            _patience,
            () => seen() + $"; audited {log.Events.Count(e => e.Category == AuditLog.Category && e.EventId.Id == 1003)}, counted {Interlocked.Read(ref counted)}");
        var admin = new Admin.AdminClient(channel);
        var listed = await admin.ListCodesAsync(new ListCodesRequest { State = RollCall.V1.CodeState.Redeemed, PageSize = 1000 }, app.AdminHeaders);
        Assert.Equal(watched.Registered.Order(), listed.Codes.Select(c => c.Code).Order());
    }

    /// <summary>The real store; each redemption's real result is noted, whatever became of its caller.</summary>
    private sealed class WatchedRedemptions
    {
        private int _wrongTested;
        private int _inFlight;
        private int _ranAfterTheCallerGaveUp;
        private readonly ConcurrentDictionary<object, CancellationToken> _callers = new();

        public int RanAfterTheCallerGaveUp => Volatile.Read(ref _ranAfterTheCallerGaveUp);

        public int WrongTested => Volatile.Read(ref _wrongTested);

        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>True when the caller of every redemption still running has given up.</summary>
        public bool EveryCallerInFlightGaveUp => _callers.Values.All(caller => caller.IsCancellationRequested);

        public ConcurrentBag<string> Registered { get; } = [];

        public void AddTo(IServiceCollection services)
        {
            var descriptor = services.Last(d => d.ServiceType == typeof(IRegistrationStore));
            services.RemoveAll<IRegistrationStore>();
            services.AddSingleton<IRegistrationStore>(sp => new Store((IRegistrationStore)descriptor.ImplementationFactory!(sp), this));
        }

        private async Task<RedeemResult> RedeemAsync(IRegistrationStore inner, Redemption redemption, CancellationToken cancellationToken)
        {
            var call = new object();
            _callers[call] = cancellationToken;
            Interlocked.Increment(ref _inFlight);
            try
            {
                var result = await inner.RedeemAsync(redemption, cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _ranAfterTheCallerGaveUp);
                }

                if (result.Status == RedeemStatus.Registered)
                {
                    Registered.Add(RegistrationCode.Format(redemption.Code));
                }
                else if (result.Status == RedeemStatus.UnknownCode)
                {
                    Interlocked.Increment(ref _wrongTested);
                }

                return result;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _callers.TryRemove(call, out _);
            }
        }

        private sealed class Store(IRegistrationStore inner, WatchedRedemptions watched) : DelegatingRegistrationStore(inner)
        {
            public override Task<RedeemResult> RedeemAsync(Redemption redemption, CancellationToken cancellationToken) =>
                watched.RedeemAsync(Inner, redemption, cancellationToken);
        }
    }
}
