using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RollCall.Server.Application;

/// <summary>How often the server looks for events whose names are due to be forgotten.</summary>
public sealed class ForgettingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall:Forgetting";

    /// <summary>Minutes between two looks; the catalog is in memory, so a look costs nothing until one is due.</summary>
    [Range(1, 1440)]
    public int CheckMinutes { get; set; } = 10;
}

/// <summary>
/// Erases attendees' names on schedule: an event's <see cref="Domain.EventRecord.ForgetAfterDays"/>
/// after its end, its names are gone for good (counts, numbers and times stay), audited. Runs once at
/// start (a server that was down on the day still forgets) and then every
/// <see cref="ForgettingOptions.CheckMinutes"/>, on the host's <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class NameForgetting(
    EventCatalog catalog,
    EventDesk desk,
    TimeProvider time,
    IOptions<ForgettingOptions> options,
    ILogger<NameForgetting> logger) : BackgroundService
{
    /// <summary>Forgets every event that is due now; returns how many events it forgot.</summary>
    public async Task<int> ForgetDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var forgotten = 0;
        foreach (var e in catalog.All.Where(e => e.ForgetNamesAt is { } due && due <= now))
        {
            var days = e.ForgetAfterDays ?? 0;
            if (await desk.ForgetAsync(e.Slug, $"{days} days after the event ended, as scheduled", cancellationToken) is not null)
            {
                forgotten++;
            }
        }

        return forgotten;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.CheckMinutes), time);
        do
        {
            try
            {
                await ForgetDueAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The next look tries again; forgetting late is better than stopping the server.
                LogFailed(exception);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Forgetting the names of events that are due failed; trying again at the next look")]
    private partial void LogFailed(Exception exception);
}
