namespace RollCall.Server.Application;

/// <summary>
/// The database cannot be reached or cannot commit right now. Callers answer
/// UNAVAILABLE / HTTP 503 and clients may retry; nothing was committed.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>The message every caller shows.</summary>
    public const string DefaultMessage = "The database is unavailable; please try again shortly.";

    /// <summary>Creates the exception with the default message.</summary>
    public StoreUnavailableException()
        : base(DefaultMessage)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
