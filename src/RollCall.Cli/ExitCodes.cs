namespace RollCall.Cli;

/// <summary>The exit codes of <c>rollcall</c>, for scripts.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>Bad usage, or an unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>A local problem: the token file cannot be read, an output file cannot be written.</summary>
    public const int LocalError = 2;

    /// <summary>The server cannot be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>The server refused the admin token (missing or wrong).</summary>
    public const int Unauthorized = 4;

    /// <summary>The server rejected the request: invalid input, unknown, used, revoked or expired code.</summary>
    public const int Rejected = 5;

    /// <summary>Too many failed attempts; wait and try again.</summary>
    public const int RateLimited = 6;
}
