using Npgsql;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>The store contract on a real PostgreSQL database, plus what only the shared store promises.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServer server) : RegistrationStoreContract
{
    private string _connectionString = string.Empty;

    public override async Task InitializeAsync()
    {
        _connectionString = await server.CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    [Fact]
    public async Task ReplicasMigratingAtTheSameTimeApplyEachMigrationOnce()
    {
        var fresh = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 6).Select(_ => CreateStore(fresh, Sink, Time)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(CancellationToken.None))));

            Assert.Equal([1, 2, 3, 4], await QueryAsync<int>(fresh, "SELECT version FROM rollcall_schema ORDER BY version"));
            Assert.Equal([0L], await QueryAsync<long>(fresh, "SELECT version FROM events"));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ANewerSchemaIsRefusedRatherThanDamaged()
    {
        await QueryAsync<int>(_connectionString, "INSERT INTO rollcall_schema (version) VALUES (99) RETURNING version");

        await using var store = CreateStore(_connectionString, Sink, Time);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(CancellationToken.None));
        Assert.Contains("newer than this RollCall build", error.Message);
    }

    [Fact]
    public async Task TwoStoresOnOneDatabaseCommitVersionsWithoutGapsInCommitOrder()
    {
        var codes = (await Store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 400, null, null), CancellationToken.None)).Select(c => c.Code).ToList();
        var otherSink = new RecordingSink();
        await using var other = CreateStore(_connectionString, otherSink, Time);
        await other.MigrateAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();

        // While both write, every committed state must be a prefix 1..max: a change must never
        // become visible before one with a lower version (what a plain sequence would allow).
        var prefixChecks = 0;
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await using var command = new NpgsqlCommand("SELECT count(*), coalesce(max(version), 0) FROM status_changes", connection);
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
                prefixChecks++;
                watching.TrySetResult();
            }
        });
        await watching.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var results = await Task.WhenAll(codes.Select((code, i) => Task.Run(() =>
            (i % 2 == 0 ? Store : other).RedeemAsync(new Redemption(code, $"Guest{i}", "Tester"), CancellationToken.None))));
        await stop.CancelAsync();
        await watcher;

        Assert.All(results, r => Assert.Equal(RedeemStatus.Registered, r.Status));
        Assert.True(prefixChecks > 1);
        var changes = await Store.ReadChangesAsync(TestStores.DefaultEventId, 0, 1000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 400).Select(v => (long)v), changes.Select(c => c.Version));
        // Registration numbers come from the same counter: gap-free and in version order too.
        Assert.Equal(Enumerable.Range(1, 400).Select(v => (long)v), changes.Select(c => c.Attendant.Number));
        foreach (var published in new[] { Sink.Changes, otherSink.Changes })
        {
            Assert.Equal(published.Select(c => c.Version).Order(), published.Select(c => c.Version));
        }

        Assert.Equal(400, Sink.Changes.Count + otherSink.Changes.Count);
    }

    [Fact]
    public async Task AnUnreachableDatabaseFailsFastAsUnavailable()
    {
        using var refusing = new RefusingPort();
        var nowhere = $"Host=127.0.0.1;Port={refusing.Port};Username=postgres;Database=nowhere";
        var availability = new StoreAvailability();
        await using var store = TestStores.Postgres(nowhere, Sink, Time, availability);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(StoreUnavailableException.DefaultMessage, error.Message);
        Assert.False(availability.IsAvailable);
        Assert.False(await store.PingAsync(CancellationToken.None));
    }

    protected override int CurrentSchemaVersion => PostgresSchema.CurrentVersion;

    protected override IRegistrationStore CreateStore(IStatusChangeSink sink, TimeProvider time) => CreateStore(_connectionString, sink, time);

    protected override async Task<int> ReadSchemaVersionAsync() =>
        Assert.Single(await QueryAsync<int>(_connectionString, "SELECT max(version) FROM rollcall_schema"));

    private static DatabaseStore CreateStore(string connectionString, IStatusChangeSink sink, TimeProvider time) =>
        TestStores.Postgres(connectionString, sink, time, generator: Generator);

    private static async Task<List<T>> QueryAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }
}
