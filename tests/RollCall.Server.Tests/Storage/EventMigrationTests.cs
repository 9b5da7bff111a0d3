using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// A single-event database of the previous schema (version 3) moves into the event <c>default</c>,
/// current and open, with every code, attendee, number and version intact, on both databases.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class EventMigrationTests(PostgresServer server)
{
    private static readonly DateTimeOffset _now = DateTimeOffset.Parse("2026-11-25T19:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task AnSqliteDataFolderOfOneEventMovesIntoTheEventDefaultWithEverythingIntact()
    {
        using var folder = new TempDirectory();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "rollcall.db")}"))
        {
            await connection.OpenAsync();
            SqliteSchema.Migrate(connection, 3);
            await FillVersionThreeAsync(connection, ms: true);
        }

        await using var store = TestStores.Sqlite(folder.Path, new RegistrationStoreContract.RecordingSink(), new FakeTimeProvider(_now));
        await AssertMigratedAsync(store);
    }

    [Fact]
    public async Task APostgresDatabaseOfOneEventMovesIntoTheEventDefaultWithEverythingIntact()
    {
        var database = await server.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await PostgresSchema.MigrateAsync(connection, 3, CancellationToken.None);
            await FillVersionThreeAsync(connection, ms: false);
            await ExecuteAsync(connection, "UPDATE status_counter SET version = 3, last_attendant = 2");
        }

        await using var store = TestStores.Postgres(database, new RegistrationStoreContract.RecordingSink(), new FakeTimeProvider(_now));
        await AssertMigratedAsync(store);
    }

    // Three codes: one redeemed, one redeemed and then revoked (its registration cancelled), one outstanding.
    private static async Task FillVersionThreeAsync(DbConnection connection, bool ms)
    {
        string At(int minutes) => ms
            ? _now.AddMinutes(minutes).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : $"'{_now.AddMinutes(minutes):O}'";
        var id = ms ? "seq, " : string.Empty;
        await ExecuteAsync(connection, $"""
            INSERT INTO codes ({id}code, label, issued_at, redeemed_at, revoked_at) VALUES
                ({(ms ? "1, " : string.Empty)}111111111111, 'speakers', {At(0)}, {At(1)}, NULL),
                ({(ms ? "2, " : string.Empty)}222222222222, NULL, {At(0)}, {At(2)}, {At(3)}),
                ({(ms ? "3, " : string.Empty)}333333333333, NULL, {At(0)}, NULL, NULL);
            INSERT INTO attendants (number, code, first_name, last_name, registered_at, cancelled_at) VALUES
                (1, 111111111111, 'José', 'Núñez', {At(1)}, NULL),
                (2, 222222222222, 'Grace', 'Hopper', {At(2)}, {At(3)});
            INSERT INTO status_changes (version, kind, attendant_number, changed_at) VALUES
                (1, 1, 1, {At(1)}), (2, 1, 2, {At(2)}), (3, 2, 2, {At(3)});
            """);
    }

    private static async Task AssertMigratedAsync(DatabaseStore store)
    {
        await store.MigrateAsync(CancellationToken.None);
        var catalog = await store.LoadEventsAsync(CancellationToken.None);
        var status = await store.LoadStatusAsync(TestStores.DefaultEventId, CancellationToken.None);
        var codes = await store.ListCodesAsync(new CodeQuery(TestStores.DefaultEventId, null, 10, null, null, _now), CancellationToken.None);
        var changes = await store.ReadChangesAsync(TestStores.DefaultEventId, 0, 10, CancellationToken.None);
        var next = await store.RedeemAsync(new Redemption(333333333333, "Ada", "Lovelace"), CancellationToken.None);
        var other = await store.CreateEventAsync(
            new EventDraft("golang-2026-12", "Golang", null, null, "es", 30, null, _now), CancellationToken.None);
        var afterCreate = await store.LoadEventsAsync(CancellationToken.None);

        var migrated = Assert.Single(catalog.Events);
        Assert.Equal(("default", "RollCall", EventState.Open, (int?)null), (migrated.Slug, migrated.Title, migrated.State, migrated.ForgetAfterDays));
        Assert.Equal(migrated.Id, catalog.CurrentEventId);
        Assert.Equal(3, status.Version);
        Assert.Equal([("José", "Núñez")], status.Attendants.Select(a => (a.FirstName, a.LastName)));
        Assert.Equal([111111111111L, 222222222222, 333333333333], codes.Select(c => c.Code));
        Assert.Equal([1L, 2L, null], codes.Select(c => c.AttendantNumber));
        Assert.Equal("speakers", codes[0].Label);
        Assert.Equal([1L, 2, 3], changes.Select(c => c.Version));
        Assert.Equal((RedeemStatus.Registered, 3L, migrated.Id), (next.Status, next.Attendant!.Number, next.EventId));
        Assert.NotNull(other);
        // The migrated event has codes: a new event does not take over as current.
        Assert.Equal(migrated.Id, afterCreate.CurrentEventId);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
