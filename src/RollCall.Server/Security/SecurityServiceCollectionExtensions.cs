using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RollCall.Server.Hosting;
using RollCall.Server.Storage;

namespace RollCall.Server.Security;

/// <summary>Registers the admin tokens, their gate, the rate limits and the audit log.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Adds the admin tokens and the gate that checks calls against them, the registration throttle,
    /// the watcher limit and the audit log. The SQLite token store is the default; a storage setup
    /// that registered its own <see cref="IAdminTokenStore"/> before this keeps it.
    /// </summary>
    public static IServiceCollection AddRollCallSecurity(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IAdminTokenStore, SqliteAdminTokenStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AdminTokens>();
        services.AddSingleton<AdminGate>();
        services.AddSingleton<RegistrationThrottle>();
        services.AddSingleton<WatcherLimiter>();
        services.AddHostedService<AdminTokenStartup>();
        return services;
    }
}

/// <summary>
/// Loads the admin tokens before the server takes calls (after the store migrated), then reloads
/// the named ones every <see cref="RollCallOptions.AdminTokenRefreshSeconds"/>, so a token created,
/// rotated or revoked through another replica takes effect here too.
/// </summary>
internal sealed partial class AdminTokenStartup(AdminTokens tokens, IOptions<RollCallOptions> options, ILogger<AdminTokenStartup> logger) : BackgroundService
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
                catch (StoreUnavailableException exception)
                {
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
