using System.Globalization;
using System.Text;
using System.Text.Json;
using Grpc.Core;

namespace RollCall.LoadClient;

/// <summary>
/// What a load run did: calls, their outcomes (gRPC status codes, or HTTP answers for the web
/// modes), the rate and the latencies.
/// </summary>
internal sealed class LoadResult(string scenario)
{
    /// <summary>The outcome key of a successful call, whatever the protocol.</summary>
    public const string Ok = "OK";

    private readonly Dictionary<string, double> _figures = [];
    private readonly Dictionary<string, string> _texts = [];
    private readonly Dictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool Failed { get; private set; }

    public void Set(string name, double value) => _figures[name] = value;

    /// <summary>A text field of the result, such as <c>status_kind</c>.</summary>
    public void SetText(string name, string value) => _texts[name] = value;

    public void Count(StatusCode status, long calls = 1) => Count(status.ToString(), calls);

    /// <summary>Counts calls by outcome: <see cref="Ok"/>, or what went wrong ("HTTP 429", "connection lost").</summary>
    public void Count(string outcome, long calls = 1)
    {
        lock (_gate)
        {
            _statuses[outcome] = _statuses.GetValueOrDefault(outcome) + calls;
        }
    }

    /// <summary>Records the run: ok calls, errors, rate and percentiles; any error fails the run.</summary>
    public void Finish(long ok, TimeSpan elapsed, Latencies latencies)
    {
        Count(Ok, ok);
        long errors;
        lock (_gate)
        {
            errors = _statuses.Where(s => s.Key != Ok).Sum(s => s.Value);
        }

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

        foreach (var (name, value) in _texts)
        {
            json.Append(",\"").Append(name).Append("\":").Append(JsonSerializer.Serialize(value));
        }

        json.Append(",\"statuses\":{");
        json.AppendJoin(',', _statuses.Select(s => $"{JsonSerializer.Serialize(s.Key)}:{s.Value}"));
        return json.Append("}}").ToString();
    }
}
