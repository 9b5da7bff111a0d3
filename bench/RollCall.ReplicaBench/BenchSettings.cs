using System.Globalization;

namespace RollCall.ReplicaBench;

/// <summary>What to run against which replicas; every loop is bounded in count and in time.</summary>
internal sealed record BenchSettings(
    IReadOnlyList<Uri> Replicas,
    string Token,
    int Registrations,
    int Concurrency,
    int Paced,
    int Rate,
    TimeSpan MaxDuration)
{
    public static BenchSettings Parse(string[] args)
    {
        var replicas = new List<Uri>();
        string? tokenFile = null;
        int registrations = 20_000, concurrency = 64, paced = 1_000, rate = 200, maxSeconds = 120;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--grpc": replicas.Add(new Uri(value)); break;
                case "--token-file": tokenFile = value; break;
                case "--registrations": registrations = Number(value); break;
                case "--concurrency": concurrency = Number(value); break;
                case "--paced": paced = Number(value); break;
                case "--rate": rate = Number(value); break;
                case "--max-seconds": maxSeconds = Number(value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }

            i++;
        }

        if (replicas.Count == 0 || tokenFile is null)
        {
            throw new ArgumentException("Give at least one --grpc URL and --token-file.");
        }

        return new BenchSettings(replicas, File.ReadAllText(tokenFile).Trim(), registrations, concurrency, paced, rate, TimeSpan.FromSeconds(maxSeconds));
    }

    private static int Number(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
}
