using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Time.Testing;
using RollCall.Server.Http;

namespace RollCall.Server.Tests.Web;

/// <summary>The admin page's server-side sessions: bounded, expiring, and gone once removed.</summary>
public sealed class AdminSessionStoreTests
{
    private static AuthenticationTicket Ticket(DateTimeOffset issued, TimeSpan lifetime) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "bootstrap")], AdminAuthentication.SessionScheme)),
            new AuthenticationProperties { IssuedUtc = issued, ExpiresUtc = issued + lifetime },
            AdminAuthentication.SessionScheme);

    [Fact]
    public async Task ARemovedOrExpiredSessionIsGoneAndTheIdIsNotTheKeyItIsKeptUnder()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new AdminSessionStore(time);
        var removed = await store.StoreAsync(Ticket(time.GetUtcNow(), TimeSpan.FromHours(12)));
        var expiring = await store.StoreAsync(Ticket(time.GetUtcNow(), TimeSpan.FromHours(12)));

        Assert.True(removed.Length >= 43, "256 bits of base64url");
        Assert.NotNull(await store.RetrieveAsync(removed));
        await store.RemoveAsync(removed);
        Assert.Null(await store.RetrieveAsync(removed));

        time.Advance(TimeSpan.FromHours(12));
        Assert.Null(await store.RetrieveAsync(expiring));
    }

    [Fact]
    public async Task BeyondTheCapTheOldestSessionMakesRoom()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new AdminSessionStore(time);
        var first = await store.StoreAsync(Ticket(time.GetUtcNow(), TimeSpan.FromHours(12)));
        var ids = new List<string>();
        for (var i = 0; i < AdminSessionStore.MaxSessions; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            ids.Add(await store.StoreAsync(Ticket(time.GetUtcNow(), TimeSpan.FromHours(12))));
        }

        Assert.Null(await store.RetrieveAsync(first));
        Assert.NotNull(await store.RetrieveAsync(ids[0]));
        Assert.NotNull(await store.RetrieveAsync(ids[^1]));
    }
}
