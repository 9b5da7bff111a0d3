using System.Data.Common;
using Npgsql;

namespace RollCall.Server.Storage;

/// <summary>
/// How RollCall connects to PostgreSQL: defaults that fail fast; <see cref="PostgresDialect"/> says
/// which errors mean "the database is away".
/// </summary>
internal static class PostgresConnections
{
    /// <summary>
    /// The operator's connection string with RollCall's defaults where it says nothing: a short
    /// connect timeout (a request fails in seconds instead of hanging), a bounded command timeout,
    /// a pool of 20 for reads (a few are all a replica needs beside its writer and listener
    /// connections, and N replicas must fit in max_connections), automatic preparation of the few
    /// statements the store runs, and an application name.
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

    private static bool Has(DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);
}
