using Microsoft.Extensions.Options;
using RollCall.Server.Application;

namespace RollCall.Server.Storage;

/// <summary>Registers the store the use cases write to, and the replica listener.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the store chosen by the <c>Storage</c> settings (SQLite in the data folder by default,
    /// PostgreSQL for several replicas) and the admin token store in the same database. Call it
    /// after <c>AddRollCallApplication</c>, whose start-up loads the status the replica listener
    /// then keeps current.
    /// </summary>
    public static IServiceCollection AddRollCallStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Problem() is null, "Storage settings are invalid: Storage:Provider must be sqlite or postgres, and postgres needs --db (Storage:ConnectionString).")
            .ValidateOnStart();
        // One store per database serves both ports, so admin tokens go through the same single writer.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DatabaseStore>(
            sp,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgres
                ? ActivatorUtilities.CreateInstance<PostgresDialect>(sp)
                : (IStoreDialect)ActivatorUtilities.CreateInstance<SqliteDialect>(sp)));
        services.AddSingleton<IRegistrationStore>(sp => sp.GetRequiredService<DatabaseStore>());
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<DatabaseStore>());
        // Replicas on PostgreSQL share their named admin tokens through the database.
        services.AddSingleton<IAdminTokenStore>(sp => sp.GetRequiredService<DatabaseStore>());
        // Idle on SQLite.
        services.AddHostedService<PostgresStatusListener>();
        return services;
    }
}
