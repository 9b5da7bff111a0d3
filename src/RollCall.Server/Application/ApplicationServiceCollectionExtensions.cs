using Microsoft.Extensions.Options;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Application;

/// <summary>Registers the use cases, the live status they feed and the guards around them.</summary>
public static class ApplicationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the use cases (register, codes, attendees, admin tokens), the live status, the failure
    /// budgets, the stream limit, the audit log and the metrics, with their options. The store
    /// they need comes from the storage registration.
    /// </summary>
    public static IServiceCollection AddRollCallApplication(this IServiceCollection services)
    {
        services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StatusOptions>().BindConfiguration(StatusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CodeOptions>()
            .BindConfiguration(CodeOptions.Section)
            .Validate(o => o.HasValidDigits, "--code-digits must be between 9 and 18.")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StreamLimitOptions>().BindConfiguration(StreamLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LanguageOptions>()
            .BindConfiguration(LanguageOptions.Section)
            .Validate(o => o.List.Count > 0 && o.List.All(l => l.Length is >= 2 and <= 16), "RollCall:Languages must name at least one language, comma-separated (e.g. en,es).")
            .ValidateOnStart();
        services.AddOptions<ForgettingOptions>().BindConfiguration(ForgettingOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CodeGenerator(sp.GetRequiredService<IOptions<CodeOptions>>().Value.CodeDigits));
        services.AddSingleton<EventStatuses>();
        services.AddSingleton<IStatusChangeSink>(sp => sp.GetRequiredService<EventStatuses>());
        services.AddSingleton<EventCatalog>();
        services.AddSingleton<EventDesk>();
        services.AddSingleton<StoreAvailability>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<RollCallMetrics>();
        services.AddSingleton<RegistrationThrottle>();
        services.AddSingleton<AdminAuthThrottle>();
        services.AddSingleton<AdminRefusalAudit>();
        services.AddSingleton<WatcherLimiter>();
        services.AddSingleton<AdminTokens>();
        services.AddSingleton<RegistrationDesk>();
        services.AddSingleton<CodeDesk>();
        services.AddSingleton<AttendeeRecords>();
        services.AddHostedService<StatusStartup>();
        // After StatusStartup, which migrated the store the tokens live in and loaded the events.
        services.AddHostedService<AdminTokenStartup>();
        services.AddHostedService<NameForgetting>();
        return services;
    }
}

/// <summary>
/// Runs before the server takes requests: migrates the schema, loads every event and its status
/// into memory, loads the admin token; at shutdown, ends live streams so connections can drain.
/// </summary>
internal sealed partial class StatusStartup(
    IRegistrationStore store,
    IEventStore events,
    EventStatuses statuses,
    EventCatalog catalog,
    AdminTokens tokens,
    IHostApplicationLifetime lifetime,
    ILogger<StatusStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        EventCatalogState state;
        try
        {
            await store.MigrateAsync(cancellationToken);
            state = await events.LoadEventsAsync(cancellationToken);
            foreach (var e in state.Events)
            {
                statuses.Reset(await store.LoadStatusAsync(e.Id, cancellationToken));
            }
        }
        catch (StoreUnavailableException exception)
        {
            throw new InvalidOperationException($"Cannot reach the database at {store.Location}: {exception.InnerException?.Message ?? exception.Message}", exception);
        }

        catalog.Load(state);
        tokens.EnsureLoaded();
        lifetime.ApplicationStopping.Register(statuses.Complete);
        var current = catalog.Current;
        LogStarted(store.Location, state.Events.Count, current.Slug, statuses.Current.Current.Count, statuses.Current.Current.Version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "RollCall data in {Location}: {Events} events; the current one, '{Current}', has {Count} attendees registered, status version {Version}")]
    private partial void LogStarted(string location, int events, string current, int count, long version);
}

/// <summary>
/// Loads the admin tokens before the server takes calls (after the store migrated), then reloads
/// the named ones every <see cref="DataOptions.AdminTokenRefreshSeconds"/>, so a token created,
/// rotated or revoked through another replica takes effect here too.
/// </summary>
internal sealed partial class AdminTokenStartup(AdminTokens tokens, IOptions<DataOptions> options, ILogger<AdminTokenStartup> logger) : BackgroundService
{
    private readonly TimeSpan _refreshInterval = TimeSpan.FromSeconds(options.Value.AdminTokenRefreshSeconds);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        tokens.EnsureLoaded();
        await tokens.RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_refreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await tokens.RefreshAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Any database error, not only an outage (a dropped table, a permission, a bug):
                    // an exception escaping ExecuteAsync stops the host, and the old list still works.
                    LogRefreshFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading the admin tokens failed; the previous list stays in force")]
    private partial void LogRefreshFailed(Exception exception);
}
