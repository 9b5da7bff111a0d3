using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace RollCall.Server.Http;

/// <summary>
/// The admin page's sessions, in memory: the cookie carries only a random 256-bit session id
/// (protected by data protection), the ticket stays here, so logging out removes it and a copied
/// cookie is worthless afterwards; a restart ends every session. At most
/// <see cref="MaxSessions"/> are kept, the oldest dropped first. Several replicas behind one
/// address need sticky sessions for the admin page.
/// </summary>
public sealed class AdminSessionStore(TimeProvider time) : ITicketStore
{
    /// <summary>The most sessions kept at once. Only holders of an admin token open them; the cap bounds memory all the same.</summary>
    public const int MaxSessions = 1000;

    private readonly ConcurrentDictionary<string, AuthenticationTicket> _tickets = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        Prune();
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _tickets[Key(id)] = ticket;
        return Task.FromResult(id);
    }

    /// <inheritdoc />
    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        _tickets[Key(key)] = ticket;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var hashed = Key(key);
        if (!_tickets.TryGetValue(hashed, out var ticket))
        {
            return Task.FromResult<AuthenticationTicket?>(null);
        }

        if (Expired(ticket, time.GetUtcNow()))
        {
            _tickets.TryRemove(hashed, out _);
            return Task.FromResult<AuthenticationTicket?>(null);
        }

        return Task.FromResult<AuthenticationTicket?>(ticket);
    }

    /// <inheritdoc />
    public Task RemoveAsync(string key)
    {
        _tickets.TryRemove(Key(key), out _);
        return Task.CompletedTask;
    }

    // Looked up by hash: a memory dump or a timing side channel never yields a usable session id.
    private static string Key(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static bool Expired(AuthenticationTicket ticket, DateTimeOffset now) => ticket.Properties.ExpiresUtc is { } expires && expires <= now;

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, ticket) in _tickets)
        {
            if (Expired(ticket, now))
            {
                _tickets.TryRemove(key, out _);
            }
        }

        while (_tickets.Count >= MaxSessions)
        {
            var oldest = _tickets.MinBy(pair => pair.Value.Properties.IssuedUtc ?? DateTimeOffset.MinValue);
            _tickets.TryRemove(oldest.Key, out _);
        }
    }
}
