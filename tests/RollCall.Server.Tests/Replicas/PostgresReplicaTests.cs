using Grpc.Core;
using Grpc.Net.Client;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Replicas;

/// <summary>Two real server processes sharing one PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReplicaTests(PostgresServer server)
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FiveHundredConcurrentRedemptionsOfOneCodeAcrossTwoReplicasRegisterExactlyOnce()
    {
        await using var replicas = await Replicas.StartAsync(await server.CreateDatabaseAsync());
        var code = (await AdminCalls.MintAsync(replicas.ChannelA, replicas.A.AdminToken, 1))[0];
        var clients = new[] { new Registration.RegistrationClient(replicas.ChannelA), new Registration.RegistrationClient(replicas.ChannelB) };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 500).Select(async i =>
        {
            try
            {
                await clients[i % 2].RegisterAsync(new RegisterRequest { FirstName = $"Guest{i}", LastName = "Race", Code = code });
                return StatusCode.OK;
            }
            catch (RpcException exception)
            {
                return exception.StatusCode;
            }
        }));

        Assert.Single(outcomes, s => s == StatusCode.OK);
        Assert.Equal(499, outcomes.Count(s => s == StatusCode.AlreadyExists));
        Assert.Equal(1, (await clients[0].ListAttendantsAsync(new ListAttendantsRequest())).TotalSize);
        await Eventually.TrueAsync(() => clients[1].GetStatus(new GetStatusRequest()).Count == 1, _patience);
    }

    [Fact]
    public async Task AnEventCreatedAndMadeCurrentOnOneReplicaIsCurrentOnTheOtherWithItsRegistrations()
    {
        await using var replicas = await Replicas.StartAsync(await server.CreateDatabaseAsync());
        var headers = AdminCalls.Bearer(replicas.A.AdminToken);
        var eventsOnA = new Events.EventsClient(replicas.ChannelA);
        await eventsOnA.CreateEventAsync(new CreateEventRequest { Event = new Event { Slug = "golang-2026-12", Title = "Golang Medellín, December" } }, headers);
        await eventsOnA.CreateEventAsync(new CreateEventRequest { Event = new Event { Slug = "golang-2027-01", Title = "Golang Medellín, January" } }, headers);
        var code = (await new Admin.AdminClient(replicas.ChannelA).IssueCodesAsync(new IssueCodesRequest { Count = 1, Event = "golang-2027-01" }, headers)).Codes[0].Code;
        var onB = new Registration.RegistrationClient(replicas.ChannelB);

        await eventsOnA.SetCurrentEventAsync(new SetCurrentEventRequest { Event = "golang-2027-01" }, headers);
        await Eventually.TrueAsync(() => onB.GetStatus(new GetStatusRequest()).Event.Slug == "golang-2027-01", _patience);
        var registered = await onB.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });
        await eventsOnA.CloseEventAsync(new CloseEventRequest { Event = "golang-2026-12" }, headers);
        await Eventually.TrueAsync(
            () => new Events.EventsClient(replicas.ChannelB).GetEvent(new GetEventRequest { Event = "golang-2026-12" }, AdminCalls.Bearer(replicas.B.AdminToken)).Event.State == EventState.Closed, _patience);

        Assert.Equal(("golang-2027-01", 1L), (registered.Event.Slug, registered.Attendant.Number));
        await Eventually.TrueAsync(() => new Registration.RegistrationClient(replicas.ChannelA).GetStatus(new GetStatusRequest()).Count == 1, _patience);
    }

    [Fact]
    public async Task ARegistrationOnOneReplicaReachesAWatchStatusStreamOnTheOther()
    {
        await using var replicas = await Replicas.StartAsync(await server.CreateDatabaseAsync());
        var codes = await AdminCalls.MintAsync(replicas.ChannelA, replicas.A.AdminToken, 3);
        using var cancel = new CancellationTokenSource(_patience);
        using var watch = new Registration.RegistrationClient(replicas.ChannelB).WatchStatus(new WatchStatusRequest(), cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(0, watch.ResponseStream.Current.Count);

        var onA = new Registration.RegistrationClient(replicas.ChannelA);
        foreach (var (code, name) in codes.Zip(["Ada", "Grace", "Linus"]))
        {
            await onA.RegisterAsync(new RegisterRequest { FirstName = name, LastName = "OnA", Code = code });
        }

        var seen = await ReadRegisteredAsync(watch.ResponseStream, 3, cancel.Token);
        Assert.Equal(["Ada", "Grace", "Linus"], seen.Select(a => a.FirstName));
        Assert.Equal([1L, 2, 3], seen.Select(a => a.Number));
    }

    [Fact]
    public async Task ReplicasWritingAtOnceBothFollowEveryChangeInVersionOrder()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = new RollCallApplication(new Dictionary<string, string?> { ["Storage:ConnectionString"] = database });
        await using var b = new RollCallApplication(new Dictionary<string, string?> { ["Storage:ConnectionString"] = database });
        var (channelA, channelB) = (a.CreateChannel(), b.CreateChannel());
        var codes = await AdminCalls.MintAsync(channelA, a.AdminToken, 200);
        var clients = new[] { new Registration.RegistrationClient(channelA), new Registration.RegistrationClient(channelB) };
        using var cancel = new CancellationTokenSource(_patience);
        var watches = clients.Select(c => c.WatchStatus(new WatchStatusRequest(), cancellationToken: cancel.Token)).ToList();
        var versionsSeen = watches.Select(w => FollowAsync(w.ResponseStream, 200, cancel.Token)).ToList();

        // Each replica's own commits interleave with the other's: local publishes leave gaps that
        // the listener fills from the database, in order.
        await Task.WhenAll(codes.Select((code, i) => clients[i % 2].RegisterAsync(new RegisterRequest { FirstName = $"Guest{i}", LastName = "Both", Code = code }).ResponseAsync));

        foreach (var versions in await Task.WhenAll(versionsSeen))
        {
            Assert.Equal(200, versions[^1]);
            Assert.Equal(versions.Order(), versions);
            Assert.Equal(versions.Count, versions.Distinct().Count());
        }

        foreach (var client in clients)
        {
            var status = await client.GetStatusAsync(new GetStatusRequest());
            Assert.Equal((200L, 200), (status.Version, status.Count));
        }

        foreach (var watch in watches)
        {
            watch.Dispose();
        }
    }

    /// <summary>The versions a stream reports (snapshots and changes) until it reaches <paramref name="version"/>.</summary>
    private static async Task<List<long>> FollowAsync(IAsyncStreamReader<WatchStatusResponse> stream, long version, CancellationToken cancellationToken)
    {
        var versions = new List<long>();
        while ((versions.Count == 0 || versions[^1] < version) && await stream.MoveNext(cancellationToken))
        {
            versions.Add(stream.Current.Version);
        }

        return versions;
    }

    /// <summary>Reads a stream until <paramref name="count"/> registrations arrived (a snapshot in between is read too).</summary>
    internal static async Task<List<Attendant>> ReadRegisteredAsync(IAsyncStreamReader<WatchStatusResponse> stream, int count, CancellationToken cancellationToken)
    {
        var seen = new List<Attendant>();
        while (seen.Count < count && await stream.MoveNext(cancellationToken))
        {
            var message = stream.Current;
            if (message.EventCase == WatchStatusResponse.EventOneofCase.Registered)
            {
                seen.Add(message.Registered);
            }
        }

        return seen;
    }

    /// <summary>Two server processes, A and B, on one database; each with its own data folder (and admin token).</summary>
    internal sealed class Replicas : IAsyncDisposable
    {
        private readonly TempDirectory _dataA = new();
        private readonly TempDirectory _dataB = new();

        private Replicas()
        {
        }

        public ServerProcess A { get; private set; } = null!;

        public ServerProcess B { get; private set; } = null!;

        public GrpcChannel ChannelA { get; private set; } = null!;

        public GrpcChannel ChannelB { get; private set; } = null!;

        public static async Task<Replicas> StartAsync(string connectionString)
        {
            // Every attempt comes from loopback: a budget of 10 failed redemptions per address would
            // turn the race's "already used" answers into RESOURCE_EXHAUSTED.
            string[] arguments = ["--db", connectionString, "--RollCall:RateLimits:FailuresPerAddress=1000"];
            var replicas = new Replicas();
            try
            {
                // Started together, as after a deployment: both run the migration check at once.
                var started = await Task.WhenAll(
                    ServerProcess.StartAsync(replicas._dataA.Path, extraArguments: [.. arguments]),
                    ServerProcess.StartAsync(replicas._dataB.Path, extraArguments: [.. arguments]));
                (replicas.A, replicas.B) = (started[0], started[1]);
                replicas.ChannelA = GrpcChannel.ForAddress(replicas.A.GrpcAddress);
                replicas.ChannelB = GrpcChannel.ForAddress(replicas.B.GrpcAddress);
                return replicas;
            }
            catch
            {
                await replicas.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            ChannelA?.Dispose();
            ChannelB?.Dispose();
            if (A is not null)
            {
                await A.DisposeAsync();
            }

            if (B is not null)
            {
                await B.DisposeAsync();
            }

            _dataA.Dispose();
            _dataB.Dispose();
        }
    }
}
