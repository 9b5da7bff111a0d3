using Microsoft.Extensions.Options;
using RollCall.Server.Domain;
using RollCall.Server.Hosting;
using RollCall.Server.Live;
using RollCall.Server.Security;

namespace RollCall.Server.Storage;

/// <summary>Registers the store, the live status and the start-up that connects them.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the store chosen by the <c>Storage</c> settings (SQLite in the data folder by default,
    /// PostgreSQL for several replicas), the admin token store in the same database, the broadcaster
    /// and the registration desk. Call it before <c>AddRollCallSecurity</c>.
    /// </summary>
    public static IServiceCollection AddRollCallStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Problem() is null, "Storage settings are invalid: Storage:Provider must be sqlite or postgres, and postgres needs --db (Storage:ConnectionString).")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CodeGenerator>();
        services.AddSingleton<StatusBroadcaster>();
        services.AddSingleton<StoreAvailability>();
        services.AddSingleton<IStatusChangeSink>(sp => sp.GetRequiredService<StatusBroadcaster>());
        services.AddSingleton<IRegistrationStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgres
            ? ActivatorUtilities.CreateInstance<PostgresRegistrationStore>(sp)
            : ActivatorUtilities.CreateInstance<SqliteRegistrationStore>(sp));
        // Registered here, before AddRollCallSecurity, whose SQLite default only fills the gap:
        // replicas on PostgreSQL share their named admin tokens through the database.
        services.AddSingleton<IAdminTokenStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgres
            ? new PostgresAdminTokenStore((PostgresRegistrationStore)sp.GetRequiredService<IRegistrationStore>())
            : ActivatorUtilities.CreateInstance<SqliteAdminTokenStore>(sp));
        services.AddSingleton<RegistrationDesk>();
        services.AddHostedService<StoreStartup>();
        // After StoreStartup, which loads the status the listener then keeps current; idle on SQLite.
        services.AddHostedService<PostgresStatusListener>();
        return services;
    }
}

/// <summary>
/// Runs before the server takes requests: migrates the schema, loads the status into memory,
/// loads the admin token; at shutdown, ends live streams so connections can drain.
/// </summary>
internal sealed partial class StoreStartup(
    IRegistrationStore store,
    StatusBroadcaster broadcaster,
    AdminTokens tokens,
    IHostApplicationLifetime lifetime,
    IOptions<RollCallOptions> options,
    ILogger<StoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var location = store is PostgresRegistrationStore postgres ? "PostgreSQL " + postgres.Location : Path.GetFullPath(options.Value.DataDir);
        StatusState state;
        try
        {
            await store.MigrateAsync(cancellationToken);
            state = await store.LoadStatusAsync(cancellationToken);
        }
        catch (StoreUnavailableException exception)
        {
            throw new InvalidOperationException($"Cannot reach the database at {location}: {exception.InnerException?.Message ?? exception.Message}", exception);
        }

        broadcaster.Reset(state);
        tokens.EnsureLoaded();
        lifetime.ApplicationStopping.Register(broadcaster.Complete);
        LogStarted(location, state.Attendants.Count, state.Version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "RollCall data in {Location}: {Count} attendees registered, status version {Version}")]
    private partial void LogStarted(string location, int count, long version);
}
