using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using RollCall.V1;

namespace RollCall.LoadClient;

/// <summary>
/// The durable write path through the 2016 form: <c>POST /register</c> with the one field
/// <c>data</c> = <c>{"firstName":…,"lastName":…,"code":…}</c> (application/x-www-form-urlencoded),
/// one distinct valid code per request, from <c>--concurrency</c> kept-alive HTTP/1.1 connections,
/// each with one request in flight. The codes are minted beforehand through the v1 API, untimed.
/// Success is the 2016 answer: 200 with an empty body, which the server sends only after the
/// commit; anything else counts as an error by what it was. Afterwards the v1 count must have
/// grown by exactly the successes.
/// </summary>
internal static class FormRegisterLoad
{
    public static async Task<LoadResult> RunAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var count = settings.Number("count", 20_000);
        var connections = settings.Concurrency;
        var web = settings.Web;
        var channels = settings.Channels(1);
        var codes = await WriteLoad.MintAsync(channels, settings.Admin(), count, cancellationToken);
        var status = new Registration.RegistrationClient(channels[0]);
        var before = (await status.GetStatusAsync(new GetStatusRequest(), cancellationToken: cancellationToken)).Count;
        var result = new LoadResult("form-register");
        result.SetText("status_kind", "HTTP");
        result.Set("connections", connections);
        var host = Http1Connection.Host(web);
        var latencies = new Latencies();
        long ok = 0;
        var next = -1;
        string? firstProblem = null;
        var cpu = ProcessFigures.StartCpu();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var recorder = latencies.Worker((count / connections * 2) + 64);
            var request = new byte[1024];
            var sample = new byte[200];
            var chunked = new ChunkedDecoder();
            Http1Connection? connection = null;
            try
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < codes.Count && !cancellationToken.IsCancellationRequested)
                {
                    var length = Request(request, host, codes[index]);
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        connection ??= await Http1Connection.OpenAsync(web, 4096, cancellationToken);
                        await connection.SendAsync(request.AsMemory(0, length), cancellationToken);
                        var head = await connection.ReadHeadAsync(cancellationToken);
                        var body = await connection.ReadBodyAsync(head, chunked, sample, cancellationToken);
                        if (head.Status == 200 && body == 0)
                        {
                            recorder.Add(Latencies.Milliseconds(start));
                            Interlocked.Increment(ref ok);
                        }
                        else
                        {
                            // The 2016 form answers refusals with 200 and a message, or 400/429/503.
                            var message = Encoding.UTF8.GetString(sample, 0, (int)Math.Min(body, sample.Length));
                            result.Count(head.Status == 200 ? "HTTP 200 with a message" : $"HTTP {head.Status}");
                            firstProblem ??= $"HTTP {head.Status}: {message}";
                        }

                        if (head.Close)
                        {
                            connection.Dispose();
                            connection = null;
                        }
                    }
                    catch (Exception exception) when (exception is SocketException or IOException or InvalidDataException)
                    {
                        // The request's fate is unknown: an error either way, and a new connection for the next.
                        result.Count("connection lost");
                        firstProblem ??= exception.Message;
                        connection?.Dispose();
                        connection = null;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                connection?.Dispose();
            }
        }, CancellationToken.None)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        result.Set("client_cpu", cpu.Cores());
        if (cancellationToken.IsCancellationRequested)
        {
            result.Fail($"The run hit its deadline after {ok} of {codes.Count} registrations.");
        }

        if (firstProblem is not null)
        {
            Console.Error.WriteLine("First problem: " + firstProblem);
        }

        result.Finish(ok, elapsed, latencies);
        var after = (await status.GetStatusAsync(new GetStatusRequest(), cancellationToken: CancellationToken.None)).Count;
        result.Set("count_grew", after - before);
        if (after - before != ok)
        {
            result.Fail($"{ok} registrations were acknowledged but the count grew by {after - before}.");
        }

        return result;
    }

    /// <summary>Writes the request for <paramref name="code"/> into <paramref name="buffer"/>; returns its length.</summary>
    private static int Request(byte[] buffer, string host, string code)
    {
        // The same names as the v1 Register runs: about 18 characters, as at a meetup.
        var data = $"{{\"firstName\":\"Attendee\",\"lastName\":\"No {code[..Math.Min(6, code.Length)]}\",\"code\":\"{code}\"}}";
        var body = "data=" + Uri.EscapeDataString(data);
        var text = $"POST /register HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\n\r\n{body}";
        return Encoding.ASCII.GetBytes(text, buffer);
    }
}
