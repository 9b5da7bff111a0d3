using Npgsql;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// The write engine on a real PostgreSQL database. Its outage is a database turned read-only (the
/// writer reconnects and finds every transaction read-only): UNAVAILABLE, never UNKNOWN.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWriteEngineTests(PostgresServer server) : WriteEngineContract
{
    private string _connectionString = string.Empty;

    private string DatabaseName => new NpgsqlConnectionStringBuilder(_connectionString).Database!;

    public override async Task InitializeAsync()
    {
        _connectionString = await server.CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    internal override DatabaseStore CreateStore() => TestStores.Postgres(_connectionString, Sink, Time, Availability);

    internal override async Task<IReadOnlyList<DatabaseStore>> CreateStoresOnAFreshDatabaseAsync()
    {
        var fresh = await server.CreateDatabaseAsync();
        return [.. Enumerable.Range(0, 4).Select(_ => TestStores.Postgres(fresh, Sink, Time))];
    }

    protected override Task<IAsyncDisposable> HoldWriteLockAsync() => WriteLock.HoldPostgresAsync(_connectionString);

    protected override async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task MakeIssuingFailAsync(string label)
    {
        await using var connection = new NpgsqlConnection(_connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $$"""
            CREATE FUNCTION skip_{{label}}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.label = '{{label}}' AND EXISTS (SELECT 1 FROM codes WHERE label = '{{label}}') THEN
                    RETURN NULL;
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER skip_{{label}} BEFORE INSERT ON codes FOR EACH ROW EXECUTE FUNCTION skip_{{label}}();
            """,
            connection);
        await command.ExecuteNonQueryAsync();
    }

    // New sessions are read-only, and the ones open now (the writer's, the pool's) are ended.
    protected override async Task BreakAsync()
    {
        await AdministerAsync($"ALTER DATABASE \"{DatabaseName}\" SET default_transaction_read_only = on");
        await AdministerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{DatabaseName}' AND pid <> pg_backend_pid()");
    }

    protected override Task RepairAsync() => AdministerAsync($"ALTER DATABASE \"{DatabaseName}\" SET default_transaction_read_only = off");

    protected override void AssertCausedByBreaking(Exception cause) =>
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, Assert.IsType<PostgresException>(cause).SqlState);

    private async Task AdministerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
