using Microsoft.Extensions.Options;
using RollCall.Server.Domain;
using RollCall.Server.Hosting;
using RollCall.Server.Live;
using RollCall.Server.Security;

namespace RollCall.Server.Storage;

/// <summary>Registers the store, the live status and the start-up that connects them.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Adds the SQLite store (the embedded default), the broadcaster and the registration desk.</summary>
    public static IServiceCollection AddRollCallStorage(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CodeGenerator>();
        services.AddSingleton<StatusBroadcaster>();
        services.AddSingleton<IStatusChangeSink>(sp => sp.GetRequiredService<StatusBroadcaster>());
        services.AddSingleton<IRegistrationStore, SqliteRegistrationStore>();
        services.AddSingleton<RegistrationDesk>();
        services.AddHostedService<StoreStartup>();
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
        var dataDir = Path.GetFullPath(options.Value.DataDir);
        await store.MigrateAsync(cancellationToken);
        var state = await store.LoadStatusAsync(cancellationToken);
        broadcaster.Reset(state);
        tokens.EnsureLoaded();
        lifetime.ApplicationStopping.Register(broadcaster.Complete);
        LogStarted(dataDir, state.Attendants.Count, state.Version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "RollCall data in {DataDir}: {Count} attendees registered, status version {Version}")]
    private partial void LogStarted(string dataDir, int count, long version);
}
