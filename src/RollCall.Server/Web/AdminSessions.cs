using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace RollCall.Server.Web;

/// <summary>
/// Browser sessions of organizers who logged in to <c>/admin</c> with the admin token. The cookie
/// holds a random 256-bit session id, never the token; the server keeps only the id's SHA-256 and
/// its expiry, in memory. A restart (which is also when a new admin token takes effect) ends every
/// session. Several replicas behind one address need sticky sessions for the admin page.
/// </summary>
public sealed class AdminSessions(TimeProvider time)
{
    /// <summary>The session cookie.</summary>
    public const string CookieName = "rollcall_admin";

    /// <summary>How long a session lasts after login.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    // Only holders of the admin token create sessions; the cap bounds memory all the same.
    private const int MaxSessions = 1000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    /// <summary>How many sessions are open.</summary>
    public int Count => _expiries.Count;

    /// <summary>Starts a session and returns its id, for the cookie.</summary>
    public string Start()
    {
        var now = time.GetUtcNow();
        Prune(now);
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _expiries[Key(id)] = now + Lifetime;
        return id;
    }

    /// <summary>True when <paramref name="id"/> is an open, unexpired session.</summary>
    public bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 128)
        {
            return false;
        }

        var key = Key(id);
        if (!_expiries.TryGetValue(key, out var expires))
        {
            return false;
        }

        if (expires <= time.GetUtcNow())
        {
            _expiries.TryRemove(key, out _);
            return false;
        }

        return true;
    }

    /// <summary>Ends the session, if it is open.</summary>
    public void End(string? id)
    {
        if (!string.IsNullOrEmpty(id) && id.Length <= 128)
        {
            _expiries.TryRemove(Key(id), out _);
        }
    }

    // Looked up by hash: a memory dump or a timing side channel never yields a usable cookie.
    private static string Key(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, expires) in _expiries)
        {
            if (expires <= now)
            {
                _expiries.TryRemove(key, out _);
            }
        }

        while (_expiries.Count >= MaxSessions)
        {
            var oldest = _expiries.MinBy(pair => pair.Value);
            _expiries.TryRemove(oldest.Key, out _);
        }
    }
}
