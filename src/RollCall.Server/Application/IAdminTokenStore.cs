namespace RollCall.Server.Application;

/// <summary>
/// Named admin tokens, kept as SHA-256 hashes (never the tokens). Storage implements it with the same
/// store as <see cref="IRegistrationStore"/>, so token changes go through the same single writer; on
/// PostgreSQL the tokens are shared between replicas. Names are unique among tokens that are not
/// revoked.
/// </summary>
public interface IAdminTokenStore
{
    /// <summary>Every named token, revoked ones included, in the order they were created.</summary>
    Task<IReadOnlyList<StoredAdminToken>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a token; false when a token that is not revoked already has this name.</summary>
    Task<bool> AddAsync(string name, byte[] hash, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary>Gives the token called <paramref name="name"/> a new hash; false when no such token is in force.</summary>
    Task<bool> ReplaceAsync(string name, byte[] hash, DateTimeOffset rotatedAt, CancellationToken cancellationToken);

    /// <summary>Revokes the token called <paramref name="name"/>; false when no such token is in force.</summary>
    Task<bool> RevokeAsync(string name, DateTimeOffset revokedAt, CancellationToken cancellationToken);
}

/// <summary>A named admin token as stored.</summary>
/// <param name="Name">Its name, for example <c>door-laptop</c>.</param>
/// <param name="Hash">The SHA-256 of the token.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RotatedAt">When it was last replaced by a new value, if ever.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record StoredAdminToken(string Name, byte[] Hash, DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt, DateTimeOffset? RevokedAt);
