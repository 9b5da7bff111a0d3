using System.Globalization;

namespace RollCall.Server.Hosting;

/// <summary>
/// How many connections the server can hold, and how they are shared. Each connection is a file
/// descriptor, so the cap comes from the process's limit (RLIMIT_NOFILE) less headroom for the
/// database, logs and the runtime; live streams get the cap less a reserve, so a registration
/// always finds a free connection however many live pages are open.
/// </summary>
public sealed record ConnectionBudget(int MaxConnections, int StreamCeiling, int MaxConnectionsPerAddress)
{
    /// <summary>The connection cap when the descriptor limit cannot be read (not Linux).</summary>
    public const int FallbackConnections = 10_000;

    /// <summary>The budget for <paramref name="limits"/>, reading the descriptor limit of this process when the cap is not set.</summary>
    public static ConnectionBudget From(LimitsOptions limits) => From(limits, ReadFileDescriptorLimit());

    /// <summary>The budget for <paramref name="limits"/> under a descriptor limit of <paramref name="fileDescriptors"/> (null: unknown).</summary>
    public static ConnectionBudget From(LimitsOptions limits, long? fileDescriptors)
    {
        var connections = limits.MaxConcurrentConnections > 0 ? limits.MaxConcurrentConnections : FromFileDescriptors(fileDescriptors);
        var reserved = limits.ConnectionsReservedForRequests > 0 ? limits.ConnectionsReservedForRequests : Math.Max(1, connections / 4);
        if (reserved >= connections)
        {
            throw new InvalidOperationException(
                $"RollCall:Limits:ConnectionsReservedForRequests ({reserved}) must be less than the connection cap ({connections}).");
        }

        var perAddress = limits.MaxConnectionsPerAddress > 0 ? limits.MaxConnectionsPerAddress : Math.Max(1, connections / 2);
        return new ConnectionBudget(connections, connections - reserved, perAddress);
    }

    /// <summary>The cap for a descriptor limit: a tenth (at least 256) stays for everything that is not a connection.</summary>
    public static int FromFileDescriptors(long? fileDescriptors)
    {
        if (fileDescriptors is not { } limit || limit <= 0)
        {
            return FallbackConnections;
        }

        var headroom = Math.Max(256, limit / 10);
        return (int)Math.Clamp(limit - headroom, 64, 1_000_000);
    }

    /// <summary>The soft RLIMIT_NOFILE of this process, from <c>/proc/self/limits</c>; null where there is none.</summary>
    public static long? ReadFileDescriptorLimit()
    {
        const string limitsFile = "/proc/self/limits";
        if (!OperatingSystem.IsLinux() || !File.Exists(limitsFile))
        {
            return null;
        }

        // "Max open files            20000                20000                files"
        foreach (var line in File.ReadLines(limitsFile))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }

        return null;
    }
}
