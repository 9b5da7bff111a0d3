using System.Net.Sockets;
using System.Text;
using RollCall.Testing;

namespace RollCall.Server.Tests.Web;

/// <summary>
/// Pages that build the registration page's address from the Host header answer 400 for a Host
/// that names no host, never 500, on a real Kestrel server (raw requests, so the header goes as written).
/// </summary>
public sealed class HostHeaderTests
{
    public static TheoryData<string, string> BadHosts() => new()
    {
        { "/board/qr.svg", new string('a', 4096) },
        { "/board/qr.svg", new string('a', 300) + ".example.org" },
        { "/board/qr.svg", "rollcall.example.org:99999" },
        { "/board/qr.svg", "rollcall..example.org" },
        { "/board", new string('a', 4096) },
        { "/board", "rollcall.example.org:99999" },
    };

    [Theory]
    [MemberData(nameof(BadHosts))]
    public async Task AHugeOrMalformedHostGets400AndTheServerStaysUp(string path, string host)
    {
        await using var app = new RollCallApplication().StartKestrel();

        var statusLine = await StatusLineAsync(app.WebAddress!, path, host);
        var healthy = await StatusLineAsync(app.WebAddress!, "/livez", "localhost");

        Assert.StartsWith("HTTP/1.1 400", statusLine);
        Assert.StartsWith("HTTP/1.1 200", healthy);
    }

    [Fact]
    public async Task AnOrdinaryHostWithAPortStillGetsTheQrCode()
    {
        await using var app = new RollCallApplication().StartKestrel();

        var statusLine = await StatusLineAsync(app.WebAddress!, "/board/qr.svg", "rollcall.example.org:8080");

        Assert.StartsWith("HTTP/1.1 200", statusLine);
    }

    private static async Task<string> StatusLineAsync(Uri server, string path, string host)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await reader.ReadLineAsync(cancel.Token) ?? string.Empty;
    }
}
