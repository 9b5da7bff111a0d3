using System.Security.Cryptography;
using RollCall.Server.Application;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IAdminTokenStore"/> must have. One suite, one subclass per
/// database: each test gets an empty database of its own. Several stores opened on one database
/// stand for several replicas.
/// </summary>
public abstract class AdminTokenStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset _start = DateTimeOffset.Parse("2026-11-25T10:00:00.123Z");

    protected IAdminTokenStore Store { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Store = await OpenAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AnEmptyDatabaseHasNoNamedTokens() =>
        Assert.Empty(await Store.ListAsync(CancellationToken.None));

    [Fact]
    public async Task AnAddedTokenIsListedWithItsHashAndCreationTime()
    {
        var hash = NewHash();

        Assert.True(await Store.AddAsync("door-laptop", hash, _start, CancellationToken.None));

        var token = Assert.Single(await Store.ListAsync(CancellationToken.None));
        Assert.Equal(("door-laptop", _start, (DateTimeOffset?)null, (DateTimeOffset?)null), (token.Name, token.CreatedAt, token.RotatedAt, token.RevokedAt));
        Assert.Equal(hash, token.Hash);
    }

    [Fact]
    public async Task TokensAreListedInTheOrderTheyWereCreated()
    {
        foreach (var (name, i) in new[] { "zeta", "alpha", "mid" }.Select((n, i) => (n, i)))
        {
            await Store.AddAsync(name, NewHash(), _start.AddMinutes(i), CancellationToken.None);
        }

        Assert.Equal(["zeta", "alpha", "mid"], (await Store.ListAsync(CancellationToken.None)).Select(t => t.Name));
    }

    [Fact]
    public async Task ANameInForceCannotBeAddedTwice()
    {
        var first = NewHash();
        await Store.AddAsync("door", first, _start, CancellationToken.None);

        Assert.False(await Store.AddAsync("door", NewHash(), _start.AddMinutes(1), CancellationToken.None));

        Assert.Equal(first, Assert.Single(await Store.ListAsync(CancellationToken.None)).Hash);
    }

    [Fact]
    public async Task ReplacingGivesTheNameANewHashAndRecordsWhen()
    {
        await Store.AddAsync("door", NewHash(), _start, CancellationToken.None);
        var replacement = NewHash();

        Assert.True(await Store.ReplaceAsync("door", replacement, _start.AddHours(1), CancellationToken.None));

        var token = Assert.Single(await Store.ListAsync(CancellationToken.None));
        Assert.Equal(replacement, token.Hash);
        Assert.Equal((_start, (DateTimeOffset?)_start.AddHours(1)), (token.CreatedAt, token.RotatedAt));
    }

    [Fact]
    public async Task RevokingKeepsTheTokenWithItsRevocationTimeAndFreesTheName()
    {
        var old = NewHash();
        await Store.AddAsync("door", old, _start, CancellationToken.None);

        Assert.True(await Store.RevokeAsync("door", _start.AddHours(2), CancellationToken.None));
        Assert.True(await Store.AddAsync("door", NewHash(), _start.AddHours(3), CancellationToken.None));

        var tokens = await Store.ListAsync(CancellationToken.None);
        Assert.Equal(2, tokens.Count);
        Assert.Equal(old, tokens[0].Hash);
        Assert.Equal(_start.AddHours(2), tokens[0].RevokedAt);
        Assert.Null(tokens[1].RevokedAt);
    }

    [Fact]
    public async Task UnknownOrRevokedNamesCannotBeReplacedOrRevoked()
    {
        await Store.AddAsync("gone", NewHash(), _start, CancellationToken.None);
        await Store.RevokeAsync("gone", _start.AddMinutes(1), CancellationToken.None);

        Assert.False(await Store.ReplaceAsync("nobody", NewHash(), _start, CancellationToken.None));
        Assert.False(await Store.RevokeAsync("nobody", _start, CancellationToken.None));
        Assert.False(await Store.ReplaceAsync("gone", NewHash(), _start.AddMinutes(2), CancellationToken.None));
        Assert.False(await Store.RevokeAsync("gone", _start.AddMinutes(2), CancellationToken.None));
        var token = Assert.Single(await Store.ListAsync(CancellationToken.None));
        Assert.Equal(((DateTimeOffset?)null, (DateTimeOffset?)_start.AddMinutes(1)), (token.RotatedAt, token.RevokedAt));
    }

    [Fact]
    public async Task AnotherStoreOnTheSameDatabaseSeesEveryChange()
    {
        var other = await OpenAsync();
        var hash = NewHash();

        await Store.AddAsync("door", hash, _start, CancellationToken.None);
        Assert.Equal(hash, Assert.Single(await other.ListAsync(CancellationToken.None)).Hash);

        await other.RevokeAsync("door", _start.AddMinutes(1), CancellationToken.None);
        Assert.NotNull(Assert.Single(await Store.ListAsync(CancellationToken.None)).RevokedAt);
    }

    [Fact]
    public async Task StoresCreatingTheSameNameAtOnceLetExactlyOneSucceed()
    {
        var stores = new[] { Store, await OpenAsync() };

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => stores[i % 2].AddAsync("kiosk", NewHash(), _start, CancellationToken.None))));

        Assert.Single(results, added => added);
        Assert.Single(await Store.ListAsync(CancellationToken.None));
    }

    /// <summary>Opens another store on this test's database (the first one is <see cref="Store"/>).</summary>
    protected abstract Task<IAdminTokenStore> OpenAsync();

    private static byte[] NewHash() => SHA256.HashData(RandomNumberGenerator.GetBytes(32));
}
