using System.Diagnostics;
using System.Globalization;

namespace RollCall.LoadClient;

/// <summary>Memory of another process from /proc, and this process's own CPU use.</summary>
internal static class ProcessFigures
{
    /// <summary>A <c>/proc/PID/status</c> field in bytes, such as <c>VmRSS</c> or <c>VmHWM</c> (0 when unknown).</summary>
    public static long Bytes(int pid, string field)
    {
        if (pid <= 0)
        {
            return 0;
        }

        var prefix = field + ":";
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The resident set of a process, in bytes.</summary>
    public static long Rss(int pid) => Bytes(pid, "VmRSS");

    /// <summary>The peak resident set of a process, in bytes (since start, or since bench/run.sh reset it).</summary>
    public static long Peak(int pid) => Bytes(pid, "VmHWM");

    public static double Megabytes(long bytes) => bytes / 1048576.0;

    /// <summary>Starts measuring this process's CPU time, so a result can say whether the client kept up.</summary>
    public static ClientCpu StartCpu() => new(Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());

    /// <summary>CPU time of the load client since <see cref="StartCpu"/>.</summary>
    public readonly record struct ClientCpu(TimeSpan Cpu, long Started)
    {
        /// <summary>Cores used on average: 1.0 on a one-core pin means the client, not the server, set the pace.</summary>
        public double Cores()
        {
            var wall = Stopwatch.GetElapsedTime(Started).TotalSeconds;
            return wall <= 0 ? 0 : (Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalSeconds / wall;
        }
    }
}
