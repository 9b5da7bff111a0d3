using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// The write engine on a real SQLite file, plus what only SQLite needs: one write connection for
/// everything, and a full disk that heals by itself once space is freed.
/// </summary>
public sealed class SqliteWriteEngineTests : WriteEngineContract
{
    private readonly TempDirectory _data = new();
    private readonly List<TempDirectory> _fresh = [];

    private string DatabaseFile => Path.Combine(_data.Path, "rollcall.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
        _fresh.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task AdminTokensAreWrittenOnTheOneWriterConnection()
    {
        var writer = ((SqliteDialect)Store.Dialect).Writer!;
        var before = TotalChanges(writer);

        Assert.True(await Store.AddAsync("door", SHA256.HashData(RandomNumberGenerator.GetBytes(32)), Time.GetUtcNow(), CancellationToken.None));

        // total_changes() counts the rows changed through this very connection; the writer is idle again.
        Assert.Equal(before + 1, TotalChanges(writer));
    }

    [Fact]
    public async Task AFullDiskIsAnOutageUntilSpaceIsFreedAndNothingAcknowledgedIsLost()
    {
        using var mount = new SmallTmpfs(6);
        try
        {
            var data = mount.File("data");
            var filler = mount.File("filler");
            var availability = new StoreAvailability();
            var acknowledged = new List<long>();
            var name = new string('x', 1000);
            await using (var store = TestStores.Sqlite(data, Sink, TimeProvider.System, availability))
            {
                await store.MigrateAsync(CancellationToken.None);
                var codes = new Queue<long>((await store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 5000, null, null), CancellationToken.None)).Select(c => c.Code));
                mount.Fill("filler");

                StoreUnavailableException? outage = null;
                while (outage is null && codes.Count > 0)
                {
                    var code = codes.Dequeue();
                    try
                    {
                        Assert.Equal(RedeemStatus.Registered, (await store.RedeemAsync(new Redemption(code, name, name), CancellationToken.None)).Status);
                        acknowledged.Add(code);
                    }
                    catch (StoreUnavailableException exception)
                    {
                        outage = exception;
                    }
                }

                Assert.NotNull(outage);
                Assert.Equal(13 /* SQLITE_FULL */, ((SqliteException)outage.InnerException!).SqliteErrorCode & 0xFF);
                Assert.False(availability.IsAvailable);
                Assert.False(await store.PingAsync(CancellationToken.None));

                File.Delete(filler);

                // The health check's probe write commits again: ready, without a restart.
                Assert.True(await store.PingAsync(CancellationToken.None));
                Assert.True(availability.IsAvailable);
                var after = codes.Dequeue();
                Assert.Equal(RedeemStatus.Registered, (await store.RedeemAsync(new Redemption(after, "After", "Space"), CancellationToken.None)).Status);
                acknowledged.Add(after);
            }

            await using var reopened = TestStores.Sqlite(data, Sink, TimeProvider.System);
            await reopened.MigrateAsync(CancellationToken.None);
            var stored = (await reopened.ExportAttendantsAsync(TestStores.DefaultEventId, 0, 10_000, CancellationToken.None)).Select(a => a.Code).ToList();
            Assert.Equal(acknowledged, stored);
            Assert.True(acknowledged.Count > 0);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    internal override DatabaseStore CreateStore() => TestStores.Sqlite(_data.Path, Sink, Time, Availability);

    internal override Task<IReadOnlyList<DatabaseStore>> CreateStoresOnAFreshDatabaseAsync()
    {
        // One store per data folder: the lock file refuses a second.
        var folder = new TempDirectory();
        _fresh.Add(folder);
        return Task.FromResult<IReadOnlyList<DatabaseStore>>([TestStores.Sqlite(folder.Path, Sink, Time)]);
    }

    protected override Task<IAsyncDisposable> HoldWriteLockAsync() => WriteLock.HoldSqliteAsync(DatabaseFile);

    protected override async Task<long> CountAsync(string sql)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task MakeIssuingFailAsync(string label)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TRIGGER skip_{label} BEFORE INSERT ON codes
            WHEN NEW.label = '{label}' AND EXISTS (SELECT 1 FROM codes WHERE label = '{label}')
            BEGIN SELECT RAISE(IGNORE); END
            """;
        await command.ExecuteNonQueryAsync();
    }

    // query_only is a setting of the writer's connection; the writer is idle when these run.
    protected override Task BreakAsync() => SetQueryOnlyAsync(true);

    protected override Task RepairAsync() => SetQueryOnlyAsync(false);

    protected override void AssertCausedByBreaking(Exception cause) =>
        Assert.Equal(8 /* SQLITE_READONLY */, Assert.IsType<SqliteException>(cause).SqliteErrorCode & 0xFF);

    private static long TotalChanges(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT total_changes()";
        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False;Default Timeout=30");
        connection.Open();
        return connection;
    }

    private async Task SetQueryOnlyAsync(bool on)
    {
        await using var command = ((SqliteDialect)Store.Dialect).Writer!.CreateCommand();
        command.CommandText = $"PRAGMA query_only = {(on ? 1 : 0)}";
        await command.ExecuteNonQueryAsync();
    }
}
