using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace RollCall.Server.Tests.Web;

/// <summary>
/// One entry of the bad-input corpus (<c>Corpus/*.request</c>): comment lines starting with <c>#</c>,
/// a request line <c>METHOD PATH HTTP/1.1|HTTP/2</c>, headers, a blank line and the body.
/// <c>Corpus-Body: hex</c> makes the body hex; <c>{{repeat N:TEXT}}</c> repeats TEXT N times (for
/// huge inputs that would be silly to commit); <c>{{admin-token}}</c> is the server's token;
/// <c>Corpus-Expect: 404</c> or <c>Corpus-Expect: grpc-3</c> pins the exact answer.
/// HTTP/1.1 entries go byte for byte over a raw socket to the web port; HTTP/2 entries go to the
/// gRPC port with prior knowledge.
/// </summary>
internal sealed partial record CorpusRequest(string Name, string Method, string Target, bool Http2, List<(string Name, string Value)> Headers, byte[] Body, string? Expect)
{
    public static CorpusRequest Parse(string path, string adminToken)
    {
        var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("{{admin-token}}", adminToken, StringComparison.Ordinal);
        var lines = text.Split('\n').SkipWhile(l => l.StartsWith('#') || l.Length == 0).ToList();
        var requestLine = lines[0].Split(' ');
        var blank = lines.IndexOf(string.Empty, 1);
        var headerLines = lines.Skip(1).Take((blank < 0 ? lines.Count : blank) - 1);
        var headers = headerLines.Select(l => (l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
        var body = blank < 0 ? string.Empty : string.Join('\n', lines.Skip(blank + 1)).TrimEnd('\n');
        body = RepeatPattern().Replace(body, m => string.Concat(Enumerable.Repeat(m.Groups[2].Value, int.Parse(m.Groups[1].Value))));
        var hex = headers.Any(h => h.Item1 == "Corpus-Body" && h.Item2 == "hex");
        var bytes = hex ? Convert.FromHexString(string.Concat(body.Where(char.IsAsciiHexDigit))) : Encoding.UTF8.GetBytes(body);
        var expect = headers.FirstOrDefault(h => h.Item1 == "Corpus-Expect").Item2;
        return new CorpusRequest(Path.GetFileName(path), requestLine[0], requestLine[1], requestLine[2] == "HTTP/2", [.. headers.Where(h => !h.Item1.StartsWith("Corpus-", StringComparison.Ordinal))], bytes, expect);
    }

    /// <summary>Sends the request; returns the HTTP status and the gRPC status, if any.</summary>
    public Task<(int Status, string? GrpcStatus)> SendAsync(Uri web, Uri grpc) => Http2 ? SendHttp2Async(grpc) : SendRawAsync(web);

    private async Task<(int, string?)> SendHttp2Async(Uri grpc)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(grpc, Target))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Body),
        };
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var grpcStatus = response.TrailingHeaders.TryGetValues("grpc-status", out var trailing) ? trailing.Single()
            : response.Headers.TryGetValues("grpc-status", out var leading) ? leading.Single() : null;
        return ((int)response.StatusCode, grpcStatus);
    }

    private async Task<(int, string?)> SendRawAsync(Uri web)
    {
        var head = new StringBuilder($"{Method} {Target} HTTP/1.1\r\n");
        if (!Headers.Any(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append("Host: 127.0.0.1\r\n");
        }

        foreach (var (name, value) in Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (!Headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append("Content-Length: ").Append(Body.Length).Append("\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(web.Host, web.Port);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()).Concat(Body).ToArray());
        }
        catch (IOException)
        {
            // The server may answer and close before it read everything (413); the answer is what counts.
        }

        using var reader = new StreamReader(stream, Encoding.Latin1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var statusLine = await reader.ReadLineAsync(cancel.Token) ?? throw new IOException("The server closed the connection without an answer.");
        return (int.Parse(statusLine.Split(' ')[1]), null);
    }

    [GeneratedRegex(@"\{\{repeat (\d+):([^}]*)\}\}")]
    private static partial Regex RepeatPattern();
}
