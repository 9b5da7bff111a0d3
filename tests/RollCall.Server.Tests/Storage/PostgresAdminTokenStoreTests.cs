using RollCall.Server.Application;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// The admin token store contract on a real PostgreSQL database. Each store is the whole store of a
/// replica (registrations and tokens through one writer); the first one migrates the schema.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAdminTokenStoreTests(PostgresServer server) : AdminTokenStoreContract
{
    private readonly List<DatabaseStore> _stores = [];
    private string _connectionString = string.Empty;

    public override async Task InitializeAsync()
    {
        _connectionString = await server.CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override async Task<IAdminTokenStore> OpenAsync()
    {
        var store = TestStores.Postgres(_connectionString, new RegistrationStoreContract.RecordingSink(), TimeProvider.System);
        _stores.Add(store);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }
}
