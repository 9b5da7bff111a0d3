using System.CommandLine;
using Grpc.Core;

namespace RollCall.Cli;

/// <summary>
/// Runs a subcommand's work and turns every failure into one line on stderr and an exit code;
/// the user never sees a stack trace.
/// </summary>
public static class CommandRunner
{
    /// <summary>Runs <paramref name="work"/> with a connection to the server.</summary>
    public static async Task<int> RunAsync(
        ParseResult parseResult,
        Func<ServerConnection, TextWriter, CancellationToken, Task<int>> work,
        CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            using var connection = ServerConnection.Open(parseResult);
            try
            {
                return await work(connection, output, cancellationToken);
            }
            catch (RpcException exception)
            {
                return Report(error, Describe(exception, connection.Address));
            }
        }
        catch (CliException exception)
        {
            return Report(error, exception);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Failure;
        }
    }

    /// <summary>The user-facing failure for a gRPC status.</summary>
    public static CliException Describe(RpcException exception, string address) => exception.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded when exception.Status.DebugException is not null || exception.Status.Detail.Length == 0 =>
            new(ExitCodes.Unreachable, $"Cannot reach the RollCall server at {address}: {Innermost(exception)}"),
        StatusCode.Unavailable => new(ExitCodes.Unreachable, $"The server at {address} is unavailable: {exception.Status.Detail}"),
        StatusCode.Unauthenticated => new(ExitCodes.Unauthorized, exception.Status.Detail + " Pass --token, --token-file or ROLLCALL_TOKEN."),
        StatusCode.PermissionDenied => new(ExitCodes.Unauthorized, exception.Status.Detail + " Check --token, --token-file or ROLLCALL_TOKEN."),
        StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.AlreadyExists or StatusCode.FailedPrecondition =>
            new(ExitCodes.Rejected, exception.Status.Detail),
        StatusCode.ResourceExhausted => new(ExitCodes.RateLimited, exception.Status.Detail),
        StatusCode.Unimplemented => new(ExitCodes.Failure, $"The server at {address} does not offer this call (is it a RollCall server?)."),
        _ => new(ExitCodes.Failure, $"The server failed ({exception.StatusCode}): {exception.Status.Detail}"),
    };

    private static int Report(TextWriter error, CliException exception)
    {
        error.WriteLine("rollcall: " + exception.Message);
        return exception.ExitCode;
    }

    private static string Innermost(RpcException exception)
    {
        Exception? inner = exception.Status.DebugException;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner?.Message ?? exception.Status.Detail;
    }
}
