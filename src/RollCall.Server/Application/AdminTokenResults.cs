namespace RollCall.Server.Application;

/// <summary>The result of checking a presented token.</summary>
/// <param name="Name">The token's name when it is in force; null otherwise.</param>
/// <param name="RevokedName">The name of a revoked token that was presented, for the audit log.</param>
/// <param name="Hash">The presented token's SHA-256, computed once for the check; null when nothing was presented.</param>
public readonly record struct TokenCheck(string? Name, string? RevokedName, byte[]? Hash = null);

/// <summary>What became of a token change.</summary>
public enum TokenChangeResult
{
    /// <summary>The change was made.</summary>
    Done,

    /// <summary>The name is not allowed (or is the bootstrap token's, where that cannot be changed).</summary>
    BadName,

    /// <summary>A token in force already has this name.</summary>
    NameTaken,

    /// <summary>No token in force has this name.</summary>
    NotFound,

    /// <summary>There are already <see cref="AdminTokens.MaxNamedTokens"/> named tokens.</summary>
    TooMany,

    /// <summary>The acting token may not make this change (only the bootstrap token rotates the bootstrap token).</summary>
    NotAllowed,
}

/// <summary>The result of a token change, with the new token when one was made.</summary>
public sealed record TokenChange(TokenChangeResult Result, string? Token)
{
    /// <summary>The name is not allowed.</summary>
    public static TokenChange BadName { get; } = new(TokenChangeResult.BadName, null);

    /// <summary>The name is taken.</summary>
    public static TokenChange NameTaken { get; } = new(TokenChangeResult.NameTaken, null);

    /// <summary>No such token.</summary>
    public static TokenChange NotFound { get; } = new(TokenChangeResult.NotFound, null);

    /// <summary>Too many tokens.</summary>
    public static TokenChange TooMany { get; } = new(TokenChangeResult.TooMany, null);

    /// <summary>Not allowed for the acting token.</summary>
    public static TokenChange NotAllowed { get; } = new(TokenChangeResult.NotAllowed, null);
}
