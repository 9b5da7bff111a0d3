using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using QRCoder;

namespace RollCall.Cli.Vouchers;

/// <summary>One printed voucher: the code, the link its QR code opens, and what else the card says.</summary>
/// <param name="Code">The registration code.</param>
/// <param name="Link">The registration page with the code filled in.</param>
/// <param name="Label">The code's label, if any.</param>
/// <param name="ExpiresAt">When the code stops working, if it does.</param>
public sealed record Voucher(string Code, string Link, string? Label, DateTimeOffset? ExpiresAt);

/// <summary>
/// A printable, self-contained HTML sheet of vouchers: ten 90 × 50 mm cards per page (fits A4 and
/// US Letter), dashed lines to cut along, each with the code in large digits and a QR code (inline
/// SVG from QRCoder) of the registration link. No external assets, no script. Every text that comes
/// from the user (title, label, link) is HTML-encoded.
/// </summary>
public static class VoucherSheet
{
    /// <summary>Cards per printed page.</summary>
    public const int CardsPerPage = 10;

    private static readonly HtmlEncoder _html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The registration link for <paramref name="code"/>: the public page with the code filled in.</summary>
    public static string Link(Uri publicUrl, string code) => publicUrl.AbsoluteUri + "?code=" + Uri.EscapeDataString(code);

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

    /// <summary>The whole sheet.</summary>
    public static string Render(IReadOnlyList<Voucher> vouchers, string title)
    {
        ArgumentNullException.ThrowIfNull(vouchers);
        var html = new StringBuilder(4096 + (vouchers.Count * 6144));
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(_html.Encode(title)).Append(" · registration vouchers</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<p class=\"note\">").Append(vouchers.Count.ToString(CultureInfo.InvariantCulture))
            .Append(vouchers.Count == 1 ? " voucher" : " vouchers")
            .Append(". Print at 100 % scale, then cut along the dashed lines (cards are 90 × 50 mm).</p>\n");
        for (var start = 0; start < vouchers.Count; start += CardsPerPage)
        {
            html.Append("<section class=\"sheet\">\n");
            foreach (var voucher in vouchers.Skip(start).Take(CardsPerPage))
            {
                Card(html, voucher, title);
            }

            html.Append("</section>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Card(StringBuilder html, Voucher voucher, string title)
    {
        var link = _html.Encode(voucher.Link);
        html.Append("<article class=\"card\">\n<div class=\"text\">\n")
            .Append("<p class=\"title\">").Append(_html.Encode(title)).Append("</p>\n");
        if (!string.IsNullOrWhiteSpace(voucher.Label))
        {
            html.Append("<p class=\"label\">").Append(_html.Encode(voucher.Label)).Append("</p>\n");
        }

        html.Append("<p class=\"caption\">Your registration code</p>\n")
            .Append("<p class=\"code").Append(voucher.Code.Length > 10 ? " long" : string.Empty).Append("\">").Append(_html.Encode(voucher.Code)).Append("</p>\n")
            .Append("<p class=\"link\">Scan, or open <a href=\"").Append(link).Append("\">").Append(_html.Encode(Shorten(voucher.Link))).Append("</a></p>\n");
        if (voucher.ExpiresAt is { } expires)
        {
            html.Append("<p class=\"expires\">Valid until ")
                .Append(expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append("</p>\n");
        }

        html.Append("</div>\n<a class=\"qr\" href=\"").Append(link).Append("\" aria-label=\"QR code: ").Append(link).Append("\">\n")
            .Append(QrSvg(voucher.Link)).Append("\n</a>\n</article>\n");
    }

    private static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    // What people read: without the scheme.
    private static string Shorten(string link)
    {
        var separator = link.IndexOf("://", StringComparison.Ordinal);
        return separator < 0 ? link : link[(separator + 3)..];
    }

    private const string Style = """
        @page { margin: 10mm; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #000; background: #fff; }
        .note { margin: 6mm auto; max-width: 180mm; font-size: 11pt; }
        .sheet { display: grid; grid-template-columns: repeat(2, 90mm); grid-auto-rows: 50mm; justify-content: center; break-after: page; page-break-after: always; }
        .sheet:last-of-type { break-after: auto; page-break-after: auto; }
        .card { display: flex; gap: 3mm; align-items: center; padding: 4mm; border: 0.3mm dashed #777; break-inside: avoid; page-break-inside: avoid; overflow: hidden; }
        .text { flex: 1; min-width: 0; }
        .text p { margin: 0; }
        .title { font-size: 11pt; font-weight: 700; overflow-wrap: anywhere; }
        .label { font-size: 9pt; color: #333; text-transform: uppercase; letter-spacing: 0.05em; overflow-wrap: anywhere; }
        .caption { margin-top: 2mm !important; font-size: 8pt; color: #333; }
        .code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 20pt; font-weight: 700; letter-spacing: 0.06em; line-height: 1.15; }
        .code.long { font-size: 14pt; }
        .link, .expires { margin-top: 1.5mm !important; font-size: 7pt; color: #333; overflow-wrap: anywhere; }
        .link a { color: #000; text-decoration: none; }
        .qr { flex: none; display: block; width: 32mm; height: 32mm; }
        .qr svg { display: block; width: 100%; height: 100%; }
        @media screen {
          body { background: #e9ebf0; }
          .sheet { width: 190mm; margin: 0 auto 8mm; padding: 5mm 0; background: #fff; box-shadow: 0 1mm 4mm rgba(0, 0, 0, 0.2); }
        }
        @media print { .note { display: none; } }

        """;
}
