using System.Globalization;
using System.Text;
using Grpc.Core;

namespace RollCall.LoadClient;

/// <summary>What a load run did: calls, their gRPC status codes, the rate and the latencies.</summary>
internal sealed class LoadResult(string scenario)
{
    private readonly Dictionary<string, double> _figures = [];
    private readonly Dictionary<StatusCode, long> _statuses = [];
    private readonly Lock _gate = new();

    public bool Failed { get; private set; }

    public void Set(string name, double value) => _figures[name] = value;

    public void Count(StatusCode status, long calls = 1)
    {
        lock (_gate)
        {
            _statuses[status] = _statuses.GetValueOrDefault(status) + calls;
        }
    }

    /// <summary>Records the run: ok calls, errors, rate and percentiles; any error fails the run.</summary>
    public void Finish(long ok, TimeSpan elapsed, Latencies latencies)
    {
        Count(StatusCode.OK, ok);
        var errors = _statuses.Where(s => s.Key != StatusCode.OK).Sum(s => s.Value);
        Set("ok", ok);
        Set("errors", errors);
        Set("seconds", elapsed.TotalSeconds);
        Set("rate", ok / elapsed.TotalSeconds);
        Set("p50_ms", latencies.Percentile(0.50));
        Set("p99_ms", latencies.Percentile(0.99));
        Failed |= errors > 0;
    }

    public void Fail(string why)
    {
        Failed = true;
        _figures["failed"] = 1;
        Console.Error.WriteLine(why);
    }

    public string ToJson()
    {
        var json = new StringBuilder("{\"scenario\":\"").Append(scenario).Append('"');
        foreach (var (name, value) in _figures)
        {
            json.Append(",\"").Append(name).Append("\":").Append(double.IsFinite(value) ? value.ToString("0.###", CultureInfo.InvariantCulture) : "null");
        }

        json.Append(",\"statuses\":{");
        json.AppendJoin(',', _statuses.Select(s => $"\"{s.Key}\":{s.Value}"));
        return json.Append("}}").ToString();
    }
}
