using Microsoft.Data.Sqlite;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>The store contract on a real SQLite file, plus what only the embedded database promises.</summary>
public sealed class SqliteStoreTests : RegistrationStoreContract
{
    private readonly TempDirectory _data = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task TheDatabaseIsInWalModeWithFullSynchronousWrites()
    {
        // synchronous is a setting of each connection: what counts is the writer's. The writer is
        // idle (nothing is queued), so the test may use its connection.
        var writer = ((SqliteDialect)((DatabaseStore)Store).Dialect).Writer!;
        await using var command = writer.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L /* FULL */, (long)(await command.ExecuteScalarAsync())!);
        command.CommandText = "PRAGMA user_version";
        Assert.Equal(4L, (long)(await command.ExecuteScalarAsync())!);

        // WAL mode is a setting of the file: another connection sees it too.
        await using var other = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "rollcall.db")};Pooling=False");
        await other.OpenAsync();
        await using var read = other.CreateCommand();
        read.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await read.ExecuteScalarAsync());
    }

    [Fact]
    public void ASecondStoreOnTheSameFolderIsRefusedWithAClearMessage()
    {
        var second = CreateStore(Sink, Time);
        var error = Assert.Throws<InvalidOperationException>(() => second.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult());
        Assert.Contains("Another RollCall server is using the data folder", error.Message);
    }

    [Fact]
    public async Task AStoreStartedWhileTheFolderIsStillLockedWaitsForTheLockAndThenOpens()
    {
        await Store.DisposeAsync();
        var held = new FileStream(Path.Combine(_data.Path, "rollcall.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var restarted = CreateStore(Sink, Time);

        // The first try is refused before MigrateAsync returns; the store is now waiting.
        var opening = restarted.MigrateAsync(CancellationToken.None);
        Assert.False(opening.IsCompleted);

        held.Dispose();
        await opening;
        Assert.Single(await restarted.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 1, null, null), CancellationToken.None));
        await restarted.DisposeAsync();
    }

    [Fact]
    public async Task ANewerSchemaIsRefusedRatherThanDamaged()
    {
        await Store.DisposeAsync();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "rollcall.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            await command.ExecuteNonQueryAsync();
        }

        var store = CreateStore(Sink, Time);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(CancellationToken.None));
        Assert.Contains("newer than this RollCall build", error.Message);
        await store.DisposeAsync();
    }

    protected override int CurrentSchemaVersion => SqliteSchema.CurrentVersion;

    protected override IRegistrationStore CreateStore(IStatusChangeSink sink, TimeProvider time) => TestStores.Sqlite(_data.Path, sink, time, generator: Generator);

    protected override async Task<int> ReadSchemaVersionAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "rollcall.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }
}
