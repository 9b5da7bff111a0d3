using RollCall.Server.Application;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// The admin token store contract on a real SQLite file in a data folder of its own. A data folder
/// has one store (its lock file refuses a second), so "another store" here is that same store: the
/// tokens live beside the registrations and go through the same single writer.
/// </summary>
public sealed class SqliteAdminTokenStoreTests : AdminTokenStoreContract
{
    private readonly TempDirectory _data = new();
    private DatabaseStore? _store;

    public override async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _data.Dispose();
    }

    protected override async Task<IAdminTokenStore> OpenAsync()
    {
        if (_store is null)
        {
            _store = TestStores.Sqlite(_data.Path, new RegistrationStoreContract.RecordingSink(), TimeProvider.System);
            await _store.MigrateAsync(CancellationToken.None);
        }

        return _store;
    }
}
