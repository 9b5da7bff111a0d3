namespace RollCall.Cli;

/// <summary>A failure with a one-line message for the user and the exit code to end with.</summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    /// <summary>Creates the exception with the default code.</summary>
    public CliException()
        : this(ExitCodes.Failure, "The command failed.")
    {
    }

    /// <summary>Creates the exception with the default code.</summary>
    public CliException(string message)
        : this(ExitCodes.Failure, message)
    {
    }

    /// <summary>Creates the exception with the default code and a cause.</summary>
    public CliException(string message, Exception innerException)
        : base(message, innerException) => ExitCode = ExitCodes.Failure;

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }
}
