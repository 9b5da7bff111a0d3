using RollCall.ReplicaBench;

// Usage: RollCall.ReplicaBench --grpc URL [--grpc URL ...] --token-file PATH
//        [--registrations N] [--concurrency C] [--paced N] [--rate PER_SECOND] [--max-seconds S]
// Registers on every replica at full speed, then at a steady rate on the first one, while a
// WatchStatus subscriber on the last replica times each registration's arrival. Prints a
// Markdown table row per phase.
var settings = BenchSettings.Parse(args);
var results = await ReplicaBenchmark.RunAsync(settings);
Console.WriteLine(results);
