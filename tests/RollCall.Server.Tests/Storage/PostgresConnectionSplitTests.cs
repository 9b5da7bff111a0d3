using Npgsql;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// Public reads cannot starve the writer of PostgreSQL connections: the reads' pool (20 by default,
/// 2 here) is the readers' alone, and the writer connects outside it, also when it must reconnect.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConnectionSplitTests(PostgresServer server)
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ReadsHoldingTheWholePoolLeaveTheWriterWorkingEvenWhenItMustReconnect()
    {
        var database = await server.CreateDatabaseAsync();
        var availability = new StoreAvailability();
        await using var store = TestStores.Postgres(database + ";Maximum Pool Size=2;Timeout=2", new RegistrationStoreContract.RecordingSink(), TimeProvider.System, availability);
        await store.MigrateAsync(CancellationToken.None);
        var codes = new Queue<long>((await store.IssueCodesAsync(new CodeIssue(TestStores.DefaultEventId, 50, null, null), CancellationToken.None)).Select(c => c.Code));
        var dialect = (PostgresDialect)store.Dialect;

        // Reads take the whole pool, as a crowd of slow readers would, and the pool is really empty.
        await using var first = await dialect.OpenReaderAsync(CancellationToken.None);
        await using var second = await dialect.OpenReaderAsync(CancellationToken.None);
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await dialect.OpenReaderAsync(CancellationToken.None));

        Assert.Equal(RedeemStatus.Registered, (await store.RedeemAsync(new Redemption(codes.Dequeue(), "While", "Reading"), CancellationToken.None)).Status);

        // The writer's connection is lost (a failover, a restart of PostgreSQL): it connects again, not from the pool.
        var readers = new[] { await BackendAsync(first), await BackendAsync(second) };
        await using (var admin = new NpgsqlConnection(database + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid NOT IN ({readers[0]}, {readers[1]})",
                admin);
            Assert.Equal(1L, (long)(await terminate.ExecuteScalarAsync())!);
        }

        var outcome = "none yet";
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                outcome = (await store.RedeemAsync(new Redemption(codes.Dequeue(), "After", "Reconnecting"), CancellationToken.None)).Status.ToString();
                return outcome == nameof(RedeemStatus.Registered);
            }
            catch (StoreUnavailableException exception)
            {
                outcome = exception.InnerException?.Message ?? exception.Message;
                return false;
            }
        }, _patience, () => outcome);
        Assert.True(availability.IsAvailable);
    }

    private static async Task<int> BackendAsync(System.Data.Common.DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_backend_pid()";
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
