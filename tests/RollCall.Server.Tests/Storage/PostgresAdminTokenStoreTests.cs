using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// The admin token store contract on a real PostgreSQL database. Each store borrows the pool of a
/// registration store of its own, as on a replica; the first one migrates the schema.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAdminTokenStoreTests(PostgresServer server) : AdminTokenStoreContract
{
    private readonly List<PostgresRegistrationStore> _registrationStores = [];
    private string _connectionString = string.Empty;

    public override async Task InitializeAsync()
    {
        _connectionString = await server.CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _registrationStores)
        {
            await store.DisposeAsync();
        }
    }

    protected override async Task<IAdminTokenStore> OpenAsync()
    {
        var registrations = new PostgresRegistrationStore(
            Options.Create(new StorageOptions { ConnectionString = _connectionString }),
            new CodeGenerator(),
            new RegistrationStoreContract.RecordingSink(),
            new StoreAvailability(),
            TimeProvider.System,
            NullLogger<PostgresRegistrationStore>.Instance);
        _registrationStores.Add(registrations);
        await registrations.MigrateAsync(CancellationToken.None);
        return new PostgresAdminTokenStore(registrations);
    }
}
