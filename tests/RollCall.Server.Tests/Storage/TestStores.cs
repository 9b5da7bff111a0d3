using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;
using RollCall.Server.Storage;

namespace RollCall.Server.Tests.Storage;

/// <summary>Real stores on real databases, as the server builds them, for the storage tests.</summary>
internal static class TestStores
{
    /// <summary>The id of the event <c>default</c>, which every fresh database starts with.</summary>
    public const long DefaultEventId = 1;

    public static DatabaseStore Sqlite(string dataDir, IStatusChangeSink sink, TimeProvider time, StoreAvailability? availability = null, CodeGenerator? generator = null) =>
        new(
            new SqliteDialect(Options.Create(new DataOptions { DataDir = dataDir }), generator ?? new CodeGenerator(), NullLogger<SqliteDialect>.Instance),
            sink,
            availability ?? new StoreAvailability(),
            time,
            NullLogger<DatabaseStore>.Instance);

    public static DatabaseStore Postgres(string connectionString, IStatusChangeSink sink, TimeProvider time, StoreAvailability? availability = null, CodeGenerator? generator = null) =>
        new(
            new PostgresDialect(Options.Create(new StorageOptions { ConnectionString = connectionString }), generator ?? new CodeGenerator()),
            sink,
            availability ?? new StoreAvailability(),
            time,
            NullLogger<DatabaseStore>.Instance);
}
