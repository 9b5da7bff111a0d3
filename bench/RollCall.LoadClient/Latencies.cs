using System.Diagnostics;

namespace RollCall.LoadClient;

/// <summary>Call latencies, one array per worker so recording takes no lock.</summary>
internal sealed class Latencies
{
    private readonly List<double[]> _parts = [];
    private readonly List<int> _counts = [];

    /// <summary>A recorder for one worker, holding at most <paramref name="capacity"/> samples.</summary>
    public Recorder Worker(int capacity)
    {
        lock (_parts)
        {
            _parts.Add(new double[capacity]);
            _counts.Add(0);
            return new Recorder(this, _parts.Count - 1);
        }
    }

    public double Percentile(double p)
    {
        var all = _parts.SelectMany((part, i) => part.Take(_counts[i])).Order().ToArray();
        return all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
    }

    public static double Milliseconds(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;

    /// <summary>Records one worker's samples.</summary>
    public sealed class Recorder(Latencies owner, int index)
    {
        private int _count;

        public void Add(double milliseconds)
        {
            var part = owner._parts[index];
            if (_count < part.Length)
            {
                part[_count++] = milliseconds;
                owner._counts[index] = _count;
            }
        }
    }
}
