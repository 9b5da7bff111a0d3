using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>The admin token store contract on a real SQLite file in a data folder of its own.</summary>
public sealed class SqliteAdminTokenStoreTests : AdminTokenStoreContract
{
    private readonly TempDirectory _data = new();

    public override Task DisposeAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    protected override Task<IAdminTokenStore> OpenAsync() =>
        Task.FromResult<IAdminTokenStore>(new SqliteAdminTokenStore(Options.Create(new DataOptions { DataDir = _data.Path })));
}
