using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;

namespace RollCall.LoadClient;

/// <summary>The command line of the load client.</summary>
internal sealed class LoadSettings
{
    private readonly Dictionary<string, string> _values;

    private LoadSettings(string command, Dictionary<string, string> values)
    {
        Command = command;
        _values = values;
    }

    public string Command { get; }

    public Uri Grpc => new(Text("grpc", "http://127.0.0.1:50001"));

    /// <summary>The web endpoint (HTTP/1.1): the page, the form and the live events.</summary>
    public Uri Web => new(Text("web", "http://127.0.0.1:8080"));

    public TimeSpan MaxDuration => TimeSpan.FromSeconds(Number("max-seconds", 60));

    public int Concurrency => Number("concurrency", 64);

    public int Connections => Number("connections", 4);

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Number(string name, int fallback) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The admin token's metadata, from --token-file.</summary>
    public Metadata Admin()
    {
        var path = _values.GetValueOrDefault("token-file") ?? throw new ArgumentException("--token-file is required.");
        return new Metadata { { "authorization", "Bearer " + File.ReadAllText(path).Trim() } };
    }

    /// <summary>Several channels, each its own HTTP/2 connection(s), so the client is not one socket's worth of work.</summary>
    public GrpcChannel[] Channels(int? count = null) =>
        [.. Enumerable.Range(0, count ?? Connections).Select(_ => GrpcChannel.ForAddress(Grpc, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionLifetime = Timeout.InfiniteTimeSpan },
            MaxReceiveMessageSize = null,
        }))];

    public static LoadSettings Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("Usage: RollCall.LoadClient COMMAND [--name value ...]");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value at '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        return new LoadSettings(args[0], values);
    }
}
