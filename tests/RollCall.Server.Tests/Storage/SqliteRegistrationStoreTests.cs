using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Live;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>The store contract on a real SQLite file, plus what only the embedded store promises.</summary>
public sealed class SqliteRegistrationStoreTests : RegistrationStoreContract
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
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "rollcall.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA user_version";
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public void ASecondStoreOnTheSameFolderIsRefusedWithAClearMessage()
    {
        var second = CreateStore(Sink, Time);
        var error = Assert.Throws<InvalidOperationException>(() => second.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult());
        Assert.Contains("Another RollCall server is using the data folder", error.Message);
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

    protected override IRegistrationStore CreateStore(IStatusChangeSink sink, TimeProvider time) =>
        new SqliteRegistrationStore(
            Options.Create(new DataOptions { DataDir = _data.Path }),
            Generator,
            sink,
            time,
            NullLogger<SqliteRegistrationStore>.Instance);
}
