namespace RollCall.Server.Hosting;

/// <summary>
/// Warns at start-up when the process sees one CPU and runs with the runtime's default tiering
/// delay: the runtime then waits ten times longer before it optimizes hot code, and under steady
/// writes that wait keeps restarting, so writes cost about twice the CPU. The setting is
/// read from the environment only, before any code runs, so the server can only say so
/// (docs/OPERATIONS.md; the shipped systemd unit sets it).
/// </summary>
internal sealed partial class SingleCpuTiering(ILogger<SingleCpuTiering> logger) : IHostedService
{
    /// <summary>The runtime setting that drops the single-CPU multiplier.</summary>
    public const string Variable = "DOTNET_TC_DelaySingleProcMultiplier";

    /// <summary>True when a process seeing <paramref name="processorCount"/> CPUs runs with the slow default.</summary>
    public static bool NeedsSetting(int processorCount, Func<string, string?> environment) =>
        processorCount == 1
        && environment(Variable) is null
        && environment("COMPlus_TC_DelaySingleProcMultiplier") is null;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (NeedsSetting(Environment.ProcessorCount, Environment.GetEnvironmentVariable))
        {
            LogSlowTiering(Variable);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "This server sees one CPU: set {Variable}=1 in its environment, or hot code is optimized ten times later and writes under steady load cost about twice the CPU (docs/OPERATIONS.md)")]
    private partial void LogSlowTiering(string variable);
}
