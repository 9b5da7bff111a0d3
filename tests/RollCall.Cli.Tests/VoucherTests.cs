using System.Text.RegularExpressions;
using RollCall.Cli.Vouchers;
using RollCall.Testing;

namespace RollCall.Cli.Tests;

/// <summary><c>rollcall code --vouchers</c>: a printable, self-contained sheet with one card per code.</summary>
public sealed partial class VoucherTests : ServerTestBase
{
    [Fact]
    public async Task VouchersWritesOneCardPerCodeWithItsDigitsAQrCodeAndItsLink()
    {
        using var folder = new TempDirectory();
        var sheet = folder.File("vouchers.html");

        var (exit, output, error) = await CliRunner.RunAsync(
            $"code --count 12 --vouchers {sheet} --public-url https://rollcall.example.org/meetup --server {Server} --token {App.AdminToken}");

        Assert.True(exit == 0, error);
        Assert.Equal($"Wrote 12 vouchers to {sheet}.", output.Trim());
        var html = await File.ReadAllTextAsync(sheet);
        var cards = Card().Matches(html);
        Assert.Equal(12, cards.Count);
        foreach (Match card in cards)
        {
            var code = CodeText().Match(card.Value).Groups[1].Value;
            Assert.Matches("^[0-9]+$", code);
            Assert.Contains($"href=\"https://rollcall.example.org/meetup/?code={code}\"", card.Value);
            Assert.Contains($">rollcall.example.org/meetup/?code={code}</a>", card.Value);
            Assert.Contains("<svg", card.Value);
        }

        Assert.Equal(12, cards.Select(c => CodeText().Match(c.Value).Groups[1].Value).Distinct().Count());
        Assert.Equal(2, Regex.Count(html, "<section class=\"sheet\">"));
        Assert.Contains("break-after: page", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public async Task TheVoucherSheetIsReadableByItsOwnerAloneEvenWhenItReplacesAnOpenFile()
    {
        FileModes.AssertUsualUmask();
        using var folder = new TempDirectory();
        var fresh = folder.File("fresh.html");
        var replaced = folder.File("replaced.html");
        await File.WriteAllTextAsync(replaced, "an old sheet");
        File.SetUnixFileMode(replaced, FileModes.Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var first = await CliRunner.RunAsync($"code -n 1 --vouchers {fresh} --public-url https://rollcall.example.org --server {Server} --token {App.AdminToken}");
        var second = await CliRunner.RunAsync($"code -n 1 --vouchers {replaced} --public-url https://rollcall.example.org --server {Server} --token {App.AdminToken}");

        Assert.True(first.Exit == 0 && second.Exit == 0, first.Err + second.Err);
        Assert.Equal(FileModes.Private, File.GetUnixFileMode(fresh));
        Assert.Equal(FileModes.Private, File.GetUnixFileMode(replaced));
        Assert.Contains("rollcall.example.org/?code=", await File.ReadAllTextAsync(replaced));
    }

    [Fact]
    public async Task TheTitleAndLabelAreHtmlEncoded()
    {
        using var folder = new TempDirectory();
        var sheet = folder.File("vouchers.html");

        var (exit, _, error) = await CliRunner.RunAsync(
            $"code -n 1 --label \"<b>crew</b>\" --title \"Go & <Python>\" --vouchers {sheet} --public-url http://checkin.local:8080 --server {Server} --token {App.AdminToken}");

        Assert.True(exit == 0, error);
        var html = await File.ReadAllTextAsync(sheet);
        Assert.Contains("Go &amp; &lt;Python&gt;", html);
        Assert.Contains("&lt;b&gt;crew&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>crew</b>", html);
        Assert.DoesNotContain("<Python>", html);
    }

    [Fact]
    public async Task VouchersWithoutAPublicUrlFailBeforeMintingAnything()
    {
        using var folder = new TempDirectory();
        var sheet = folder.File("vouchers.html");

        var (exit, _, error) = await CliRunner.RunAsync($"code -n 3 --vouchers {sheet} --server {Server} --token {App.AdminToken}");

        Assert.NotEqual(0, exit);
        Assert.Contains("--vouchers needs --public-url", error);
        Assert.False(File.Exists(sheet));
        var stats = await new RollCall.V1.Admin.AdminClient(Grpc.Net.Client.GrpcChannel.ForAddress(Server))
            .GetCodeStatsAsync(new RollCall.V1.GetCodeStatsRequest(), new Grpc.Core.Metadata { { "authorization", "Bearer " + App.AdminToken } });
        Assert.Equal(0, stats.Issued);
    }

    [Fact]
    public async Task AnUnwritableVoucherFileFailsWithExitCode2AndMintsNothing()
    {
        var sheet = Path.Combine(Path.GetTempPath(), "rollcall-no-such-folder-" + Guid.NewGuid().ToString("N"), "vouchers.html");

        var (exit, _, error) = await CliRunner.RunAsync($"code -n 3 --vouchers {sheet} --public-url https://x.example --server {Server} --token {App.AdminToken}");

        Assert.Equal(2, exit);
        Assert.StartsWith("rollcall: Cannot write the vouchers to", error);
    }

    [Fact]
    public async Task AFailedMintLeavesNoEmptySheetBehind()
    {
        using var folder = new TempDirectory();
        var sheet = folder.File("vouchers.html");

        var (exit, _, _) = await CliRunner.RunAsync($"code -n 3 --vouchers {sheet} --public-url https://x.example --server {Server} --token wrong-token");

        Assert.Equal(4, exit);
        Assert.False(File.Exists(sheet));
    }

    [Fact]
    public async Task TheSheetKeepsAccentsReadableEncodesMarkupAndPutsTenCardsOnAPage()
    {
        var vouchers = Enumerable.Range(1, 11).Select(i => new Voucher($"{i}", $"https://rollcall.example.org/?code={i}", "Zoë's <crew>", null)).ToList();
        using var output = new StringWriter();

        await VoucherSheet.WriteAsync(output, vouchers, "Café & Ünal");

        var html = output.ToString();
        Assert.Contains("<title>Café &amp; Ünal · registration vouchers</title>", html);
        Assert.Contains("<p class=\"label\">Zoë&#x27;s &lt;crew&gt;</p>", html);
        Assert.Equal(11, Card().Count(html));
        Assert.Equal(2, Regex.Count(html, "<section class=\"sheet\">"));
        Assert.Equal(11, Regex.Count(html, "<a class=\"qr\" [^>]*>\\s*<svg "));
    }

    [Fact]
    public async Task VouchersInSpanishSayEverythingInSpanish()
    {
        using var folder = new TempDirectory();
        var sheet = folder.File("vales.html");

        var (exit, output, error) = await CliRunner.RunAsync(
            $"code --count 2 --ttl 2d --language es --title \"Golang Medellín\" --vouchers {sheet} --public-url https://rollcall.example.org --server {Server} --token {App.AdminToken}");

        Assert.True(exit == 0, error);
        Assert.StartsWith("Wrote 2 vouchers to ", output.Trim());
        var html = await File.ReadAllTextAsync(sheet);
        Assert.Contains("<html lang=\"es\">", html);
        Assert.Contains("<title>Golang Medellín · vales de registro</title>", html);
        Assert.Contains("<p class=\"note\">2 vales. Imprímelos al 100 %", html);
        Assert.Equal(2, Regex.Count(html, "<p class=\"caption\">Tu código de registro</p>"));
        Assert.Equal(2, Regex.Count(html, "<p class=\"link\">Escanea o abre <a "));
        Assert.Equal(2, Regex.Count(html, "<p class=\"expires\">Válido hasta el [0-3][0-9]/[01][0-9]/20[0-9]{2} [0-2][0-9]:[0-5][0-9] UTC</p>"));
        Assert.Equal(2, Regex.Count(html, "aria-label=\"Código QR: https://rollcall.example.org/\\?code="));
        Assert.DoesNotContain("registration code", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task VouchersAreEnglishByDefault()
    {
        var vouchers = new[] { new Voucher("42", "https://rollcall.example.org/?code=42", null, new DateTimeOffset(2026, 12, 3, 18, 30, 0, TimeSpan.Zero)) };
        using var output = new StringWriter();

        await VoucherSheet.WriteAsync(output, vouchers, "RollCall");

        var html = output.ToString();
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<p class=\"caption\">Your registration code</p>", html);
        Assert.Contains("<p class=\"expires\">Valid until 2026-12-03 18:30 UTC</p>", html);
        Assert.Contains("<p class=\"note\">1 voucher. Print at 100 % scale", html);
    }

    [Fact]
    public void EveryVoucherTextHasItsOwnTextInEveryLanguage()
    {
        var names = VoucherTexts.Names();

        Assert.NotEmpty(names);
        foreach (var language in VoucherSheet.Languages.Where(l => l != VoucherSheet.DefaultLanguage))
        {
            var texts = new VoucherTexts(language);
            Assert.All(names, name => Assert.True(texts.HasOwnText(name), $"{language}: {name} falls back to English"));
        }
    }

    [Fact]
    public async Task AVoucherLanguageWithoutTextsIsRefused()
    {
        var (exit, _, error) = await CliRunner.RunAsync($"code --language fr --vouchers x.html --public-url https://rollcall.example.org --server {Server} --token {App.AdminToken}");

        Assert.NotEqual(0, exit);
        Assert.Contains("fr", error);
    }

    [Theory]
    [InlineData("https://rollcall.example.org", "https://rollcall.example.org/?code=42")]
    [InlineData("https://rollcall.example.org/event", "https://rollcall.example.org/event/?code=42")]
    [InlineData("http://10.0.0.5:8080/", "http://10.0.0.5:8080/?code=42")]
    public void TheLinkIsThePublicPageWithTheCodeFilledIn(string publicUrl, string link)
    {
        Assert.True(VoucherSheet.TryParsePublicUrl(publicUrl, out var address));
        Assert.Equal(link, VoucherSheet.Link(address, "42"));
    }

    [Theory]
    [InlineData("rollcall.example.org")]
    [InlineData("ftp://example.org")]
    [InlineData("https://example.org/?x=1")]
    [InlineData("https://user:pw@example.org/")]
    public void APublicUrlThatIsNotAPlainHttpAddressIsRefused(string publicUrl) =>
        Assert.False(VoucherSheet.TryParsePublicUrl(publicUrl, out _));

    [GeneratedRegex("<article class=\"card\">.*?</article>", RegexOptions.Singleline)]
    private static partial Regex Card();

    [GeneratedRegex("<p class=\"code(?: long)?\">([^<]+)</p>")]
    private static partial Regex CodeText();
}
