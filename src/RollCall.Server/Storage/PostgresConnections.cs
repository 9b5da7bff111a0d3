using System.Data.Common;
using Npgsql;

namespace RollCall.Server.Storage;

/// <summary>
/// How RollCall talks to PostgreSQL: connection defaults that fail fast, and which errors mean
/// "the database is away" (answered with UNAVAILABLE / 503) rather than a bug.
/// </summary>
internal static class PostgresConnections
{
    /// <summary>
    /// The operator's connection string with RollCall's defaults where it says nothing: a short
    /// connect timeout (a request fails in seconds instead of hanging), a bounded command timeout,
    /// a pool of 20 (one writer and a few readers are all a replica needs, and N replicas must fit
    /// in max_connections), automatic preparation of the few statements the store runs, and an
    /// application name.
    /// </summary>
    public static NpgsqlConnectionStringBuilder Configure(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Has(given, "Timeout", "Connect Timeout", "Connection Timeout"))
        {
            builder.Timeout = 3;
        }

        if (!Has(given, "Command Timeout"))
        {
            builder.CommandTimeout = 15;
        }

        if (!Has(given, "Maximum Pool Size", "Max Pool Size"))
        {
            builder.MaxPoolSize = 20;
        }

        if (!Has(given, "Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 32;
        }

        if (!Has(given, "Application Name"))
        {
            builder.ApplicationName = "rollcall";
        }

        return builder;
    }

    /// <summary>Where the database is, for logs: host, port and database, never the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) => $"{builder.Host}:{builder.Port}/{builder.Database}";

    /// <summary>
    /// True for failures of the connection or the server (refused, dropped, timed out, shutting
    /// down, out of connections): nothing about the request was wrong and a retry later may succeed.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources, e.g. too many connections
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) // shutting down, crash, cannot connect now
            || postgres.SqlState.StartsWith("58", StringComparison.Ordinal) // system error
            || postgres.SqlState.StartsWith("28", StringComparison.Ordinal) // authentication failed
            || postgres.SqlState == PostgresErrorCodes.InvalidCatalogName,
        NpgsqlException => true, // not a server error: the socket, a timeout, the pool
        TimeoutException or IOException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    /// <summary>A deadlock or serialization failure: the transaction may simply be run again.</summary>
    public static bool IsRetryable(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    private static bool Has(DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);
}
