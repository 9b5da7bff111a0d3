using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using RollCall.Server.Application;

namespace RollCall.Server.Web;

/// <summary>
/// Browser sessions of organizers who logged in to <c>/admin</c> with an admin token. The cookie
/// holds a random 256-bit session id, never the token; the server keeps only the id's SHA-256, its
/// expiry and the SHA-256 of the token it was opened with, in memory. A session lasts only while
/// that token is in force: rotating or revoking the token ends it, as does a restart. Several
/// replicas behind one address need sticky sessions for the admin page.
/// </summary>
public sealed class AdminSessions(AdminTokens tokens, TimeProvider time)
{
    /// <summary>The session cookie.</summary>
    public const string CookieName = "rollcall_admin";

    /// <summary>How long a session lasts after login.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    // Only holders of an admin token create sessions; the cap bounds memory all the same.
    private const int MaxSessions = 1000;

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>How many sessions are open.</summary>
    public int Count => _sessions.Count;

    /// <summary>Starts a session for a login with <paramref name="token"/> (already checked) and returns its id, for the cookie.</summary>
    public string Start(string token)
    {
        var now = time.GetUtcNow();
        Prune(now);
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _sessions[Key(id)] = new Session(now + Lifetime, AdminTokens.Hash(token));
        return id;
    }

    /// <summary>
    /// The name of the admin token that opened session <paramref name="id"/>; null when there is no
    /// such open session, it expired, or its token was rotated or revoked since (which ends it).
    /// </summary>
    public string? TokenName(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 128)
        {
            return null;
        }

        var key = Key(id);
        if (!_sessions.TryGetValue(key, out var session))
        {
            return null;
        }

        var name = session.Expires > time.GetUtcNow() ? tokens.NameInForce(session.TokenHash) : null;
        if (name is null)
        {
            _sessions.TryRemove(key, out _);
        }

        return name;
    }

    /// <summary>Ends the session, if it is open.</summary>
    public void End(string? id)
    {
        if (!string.IsNullOrEmpty(id) && id.Length <= 128)
        {
            _sessions.TryRemove(Key(id), out _);
        }
    }

    // Looked up by hash: a memory dump or a timing side channel never yields a usable cookie.
    private static string Key(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, session) in _sessions)
        {
            if (session.Expires <= now)
            {
                _sessions.TryRemove(key, out _);
            }
        }

        while (_sessions.Count >= MaxSessions)
        {
            var oldest = _sessions.MinBy(pair => pair.Value.Expires);
            _sessions.TryRemove(oldest.Key, out _);
        }
    }

    private sealed record Session(DateTimeOffset Expires, byte[] TokenHash);
}
