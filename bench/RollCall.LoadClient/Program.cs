using RollCall.LoadClient;

// Usage: RollCall.LoadClient COMMAND --grpc URL [--web URL] [--token-file PATH] [options]
//   seed      --attendees N                       mint N codes and register them (bulk set-up)
//   seed-events --events N --attendees M [--prefix P] [--first F] [--check-event SLUG --expect-count N]
//                                                 create N events P-F.. with M registered attendees each
//   register  --count N --concurrency C           Register with N distinct valid codes
//   form-register --count N --concurrency C --web URL
//                                                 POST /register (the 2016 form) with N distinct valid codes over C HTTP/1.1 connections
//   issue     --count N --batch B --concurrency C IssueCodes in batches of B
//   getcode   --count N --concurrency C           2016 GetCode, checking every code is new
//   watch     --watchers N --registrations R --server-pid PID
//                                                 fan-out from sending Register (and from its answer) to the last of N streams
//   sse-watch --pages N --registrations R --server-pid PID --web URL
//             [--buffer BYTES] [--open-concurrency C] [--open-seconds S] [--round-seconds S]
//                                                 fan-out from Register's answer (and from sending it) to the last of
//                                                 N GET /events pages, one HTTP/1.1 connection each
//   mixed     --seconds S --concurrency C --write-percent P --read legacy|v1
//   verify    --calls N --read legacy|v1 [--expect-count N]  checks grpc-status of status reads
//   codes                                         prints how many codes were ever issued
// Every run has a deadline (--max-seconds, default 60). Results are one JSON object on stdout.
var settings = LoadSettings.Parse(args);
using var deadline = new CancellationTokenSource(settings.MaxDuration);
var result = settings.Command switch
{
    "seed" => await WriteLoad.SeedAsync(settings, deadline.Token),
    "seed-events" => await EventSeed.SeedAsync(settings, deadline.Token),
    "register" => await WriteLoad.RegisterAsync(settings, deadline.Token),
    "form-register" => await FormRegisterLoad.RunAsync(settings, deadline.Token),
    "issue" => await WriteLoad.IssueAsync(settings, deadline.Token),
    "getcode" => await WriteLoad.GetCodeAsync(settings, deadline.Token),
    "watch" => await WatchLoad.RunAsync(settings, deadline.Token),
    "sse-watch" => await SseWatchLoad.RunAsync(settings, deadline.Token),
    "mixed" => await MixedLoad.RunAsync(settings, deadline.Token),
    "verify" => await Verification.VerifyAsync(settings, deadline.Token),
    "codes" => await Verification.CountCodesAsync(settings, deadline.Token),
    _ => throw new ArgumentException($"Unknown command '{settings.Command}'."),
};
Console.WriteLine(result.ToJson());
return result.Failed ? 1 : 0;
