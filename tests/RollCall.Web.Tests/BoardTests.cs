using System.Text.Json;
using RollCall.Testing;
using RollCall.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RollCall.Web.Tests;

/// <summary>The projector board: live count and names, the emulated LED matrix, the QR code.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BoardTests(Chromium chromium)
{
    // The colour at the centre of each of the 64 LEDs, as "rrggbb" row-major: the frame as drawn.
    private const string ReadMatrix = """
        () => {
          const canvas = document.getElementById('matrix');
          const context = canvas.getContext('2d');
          const cell = canvas.width / 8;
          let hex = '';
          for (let i = 0; i < 64; i++) {
            const x = Math.floor((i % 8) * cell + cell / 2), y = Math.floor(Math.floor(i / 8) * cell + cell / 2);
            const d = context.getImageData(x, y, 1, 1).data;
            hex += [d[0], d[1], d[2]].map(v => v.toString(16).padStart(2, '0')).join('');
          }
          return hex;
        }
        """;

    private const string Unlit = "1d1f27";

    [Fact]
    public async Task TheBoardShowsTheCountAndTheNewestNamesLive()
    {
        await using var app = new WebApp();
        var codes = await app.MintAsync(2);
        await app.RegisterOverGrpcAsync("Ada", "Lovelace", codes[0]);
        await using var context = await chromium.NewContextAsync(1280, 720);
        var board = await context.NewPageAsync();
        await board.GotoAsync(app.Url("/board"));
        await Expect(board.Locator("#count")).ToHaveTextAsync("1");

        await app.RegisterOverGrpcAsync("Grace", "Hopper", codes[1]);

        await Expect(board.Locator("#count")).ToHaveTextAsync("2", new() { Timeout = 2_000 });
        await Expect(board.Locator("#attendees li")).ToHaveTextAsync(["Grace Hopper", "Ada Lovelace"], new() { Timeout = 2_000 });
    }

    [Fact]
    public async Task TheMatrixDrawsTheSameFramesAsThePiAndPlaysAWelcomeOnRegistration()
    {
        await using var app = new WebApp();
        var codes = await app.MintAsync(1);
        await using var context = await chromium.NewContextAsync(1280, 720);
        var board = await context.NewPageAsync();
        var round = JsonDocument.Parse(await (await context.APIRequest.GetAsync(app.Url("/board/round.json"))).TextAsync()).RootElement;
        var roundFrames = round.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("pixels").GetString()!).ToHashSet();

        await board.GotoAsync(app.Url("/board"));

        // The red "Attendants: 0 :-)" scroll: a lit red LED, and every frame drawn is one of the round's.
        var drawn = new List<string>();
        await Eventually.TrueAsync(
            async () =>
            {
                drawn.Add(LitOnly(await board.EvaluateAsync<string>(ReadMatrix)));
                return drawn.Any(f => f.Contains("ff0000", StringComparison.Ordinal)) && drawn.Distinct().Count() >= 3;
            },
            TimeSpan.FromSeconds(20),
            () => $"the matrix drew no red scroll ({drawn.Distinct().Count()} different frames)");

        Assert.All(drawn.Where(f => f != new string('0', 384)), f => Assert.Contains(f, roundFrames));
        Assert.Equal("Attendants", await board.Locator("#matrix").GetAttributeAsync("data-scene"));

        await app.RegisterOverGrpcAsync("Ada", "Lovelace", codes[0]);

        await Expect(board.Locator("#matrix")).ToHaveAttributeAsync("data-scene", new System.Text.RegularExpressions.Regex("^Welcome"), new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task WithPrivateNamesTheBoardPlaysANamelessWelcomeAndNeverSendsAName()
    {
        await using var app = new WebApp(new Dictionary<string, string?> { ["RollCall:PublicNames"] = "false" });
        var codes = await app.MintAsync(1);
        await using var context = await chromium.NewContextAsync(1280, 720);
        var board = await context.NewPageAsync();
        var requested = new System.Collections.Concurrent.ConcurrentQueue<string>();
        board.Request += (_, request) => requested.Enqueue(request.Url);
        await board.GotoAsync(app.Url("/board"));
        await Eventually.TrueAsync(() => app.Subscribers == 1, TimeSpan.FromSeconds(10));

        await app.RegisterOverGrpcAsync("Secret", "Agent", codes[0]);

        await Expect(board.Locator("#count")).ToHaveTextAsync("1", new() { Timeout = 5_000 });
        await Expect(board.Locator("#matrix")).ToHaveAttributeAsync("data-scene", new System.Text.RegularExpressions.Regex("^Welcome"), new() { Timeout = 5_000 });
        Assert.Contains(requested, url => url.EndsWith("/board/welcome.json", StringComparison.Ordinal));
        Assert.DoesNotContain(requested, url => url.Contains("Secret", StringComparison.Ordinal) || url.Contains("name=", StringComparison.Ordinal));
        Assert.DoesNotContain("Secret", await board.ContentAsync());
    }

    [Fact]
    public async Task TheQrCodeOnTheBoardOpensTheConfiguredPublicAddress()
    {
        await using var app = new WebApp(new Dictionary<string, string?> { ["RollCall:PublicUrl"] = "https://rollcall.example.org/meetup" });
        await using var context = await chromium.NewContextAsync(1280, 720, scale: 2);
        var board = await context.NewPageAsync();
        await board.GotoAsync(app.Url("/board"));
        await Expect(board.Locator(".board-url")).ToHaveTextAsync("rollcall.example.org/meetup");
        await board.WaitForFunctionAsync("() => document.getElementById('qr').complete && document.getElementById('qr').naturalWidth > 0");

        var png = Path.Combine(Chromium.ScreenshotFolder, "board-qr.png");
        await board.Locator("#qr").ScreenshotAsync(new() { Path = png });

        Assert.Equal("https://rollcall.example.org/meetup/", await QrDecoder.DecodeAsync(png));
    }

    // Unlit LEDs are drawn dark grey; as data they are black.
    private static string LitOnly(string drawn) => string.Concat(Enumerable.Range(0, 64).Select(i => drawn.Substring(i * 6, 6)).Select(p => p == Unlit ? "000000" : p));
}
