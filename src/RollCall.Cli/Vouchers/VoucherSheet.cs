using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace RollCall.Cli.Vouchers;

/// <summary>One printed voucher: the code, the link its QR code opens, and what else the card says.</summary>
/// <param name="Code">The registration code.</param>
/// <param name="Link">The registration page with the code filled in.</param>
/// <param name="Label">The code's label, if any.</param>
/// <param name="ExpiresAt">When the code stops working, if it does.</param>
public sealed record Voucher(string Code, string Link, string? Label, DateTimeOffset? ExpiresAt);

/// <summary>
/// A printable, self-contained HTML sheet of vouchers (<see cref="VoucherSheetPage"/>): ten
/// 90 × 50 mm cards per page, each with the code in large digits and a QR code (inline SVG from
/// QRCoder) of the registration link. The Razor components encode every text that comes from the
/// user (title, label, link). Only <c>rollcall code --vouchers</c> renders them: no other command
/// (the monitor among them) loads the renderer.
/// </summary>
public static class VoucherSheet
{
    /// <summary>Cards per printed page.</summary>
    public const int CardsPerPage = 10;

    /// <summary>The language of a sheet when none is asked for.</summary>
    public const string DefaultLanguage = "en";

    /// <summary>The slug of the start-up event, whose vouchers link to the root as before events.</summary>
    public const string DefaultEvent = "default";

    /// <summary>The languages a sheet can be printed in: each has its <c>VoucherTexts.xx.resx</c> (English is the neutral one).</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "es"];

    /// <summary>The registration link for <paramref name="code"/>: the public page with the code filled in.</summary>
    public static string Link(Uri publicUrl, string code) => publicUrl.AbsoluteUri + "?code=" + Uri.EscapeDataString(code);

    /// <summary>
    /// The registration link of a code of event <paramref name="eventSlug"/>: its own page,
    /// <c>e/SLUG/?code=N</c>; the root for the start-up event <c>default</c> (and for none).
    /// </summary>
    public static string Link(Uri publicUrl, string code, string eventSlug) =>
        eventSlug.Length == 0 || eventSlug == DefaultEvent ? Link(publicUrl, code) : publicUrl.AbsoluteUri + "e/" + Uri.EscapeDataString(eventSlug) + "/?code=" + Uri.EscapeDataString(code);

    /// <summary>Reads the public URL: absolute http(s), no query or fragment; the result ends with '/'.</summary>
    public static bool TryParsePublicUrl(string? text, out Uri url)
    {
        url = null!;
        if (string.IsNullOrWhiteSpace(text)
            || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }

        url = uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
        return true;
    }

    /// <summary>Writes the whole sheet to <paramref name="output"/>, its texts in <paramref name="language"/>.</summary>
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<Voucher> vouchers, string title, string language = DefaultLanguage)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(vouchers);
        await using var services = new ServiceCollection()
            // Every value is encoded; only markup characters, quotes and & need it in a UTF-8 file,
            // so names like José stay readable in the source.
            .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
            .BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var sheet = await renderer.RenderComponentAsync<VoucherSheetPage>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(VoucherSheetPage.Vouchers)] = vouchers,
                [nameof(VoucherSheetPage.Title)] = title,
                [nameof(VoucherSheetPage.Texts)] = new VoucherTexts(language),
            }));
            sheet.WriteHtmlTo(output);
        });
    }
}
