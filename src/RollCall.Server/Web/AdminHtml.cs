using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using RollCall.Server.Domain;


namespace RollCall.Server.Web;

/// <summary>The organizer's pages: login, dashboard, freshly minted codes. No script runs on them.</summary>
internal static class AdminHtml
{
    public static string Login(AntiforgeryTokenSet forgery, string? error)
    {
        var html = Start("Admin login");
        html.Append("<section class=\"card\" aria-labelledby=\"login-heading\">\n<h2 id=\"login-heading\">Organizer login</h2>\n");
        html.Append("<form method=\"post\" action=\"/admin/login\">\n");
        Forgery(html, forgery);
        html.Append("<div class=\"field\">\n<label for=\"token\">Admin token</label>\n");
        html.Append("<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required");
        if (error is not null)
        {
            html.Append(" aria-invalid=\"true\" aria-describedby=\"message\" autofocus");
        }

        html.Append(">\n<p class=\"hint\">It is in the server's data folder: <code>data/admin-token</code>.</p>\n</div>\n");
        html.Append("<button type=\"submit\">Log in</button>\n</form>\n");
        Message(html, error, ok: false);
        html.Append("</section>\n");
        return End(html);
    }

    public static string Dashboard(AntiforgeryTokenSet forgery, CodeStats stats, int attendees, string? error)
    {
        var html = Start("Admin");
        html.Append("<section class=\"card\" aria-labelledby=\"codes-heading\">\n<h2 id=\"codes-heading\">Codes</h2>\n<dl class=\"stats\">\n");
        Stat(html, "issued", "Issued", stats.Issued);
        Stat(html, "redeemed", "Redeemed", stats.Redeemed);
        Stat(html, "outstanding", "Outstanding", stats.Outstanding);
        Stat(html, "revoked", "Revoked", stats.Revoked);
        Stat(html, "expired", "Expired", stats.Expired);
        Stat(html, "attendees", "Attendees", attendees);
        html.Append("</dl>\n</section>\n");

        html.Append("<section class=\"card\" aria-labelledby=\"mint-heading\">\n<h2 id=\"mint-heading\">Mint codes</h2>\n");
        html.Append("<form method=\"post\" action=\"/admin/codes\">\n");
        Forgery(html, forgery);
        html.Append("<div class=\"field\">\n<label for=\"count\">How many</label>\n<input id=\"count\" name=\"count\" inputmode=\"numeric\" pattern=\"[0-9]*\" value=\"10\" required")
            .Append(error is null ? string.Empty : " aria-invalid=\"true\" aria-describedby=\"message\"").Append(">\n</div>\n");
        html.Append("<div class=\"field\">\n<label for=\"label\">Label (optional)</label>\n<input id=\"label\" name=\"label\" maxlength=\"")
            .Append(CodeLabel.MaxLength.ToString(CultureInfo.InvariantCulture)).Append("\">\n</div>\n");
        html.Append("<button type=\"submit\">Mint</button>\n</form>\n");
        Message(html, error, ok: false);
        html.Append("<p class=\"hint\">Printable vouchers with QR codes: <code>rollcall code --count 50 --vouchers vouchers.html --public-url https://…</code></p>\n</section>\n");

        html.Append("<section class=\"card\" aria-labelledby=\"export-heading\">\n<h2 id=\"export-heading\">Attendees</h2>\n");
        html.Append("<p><a id=\"export\" href=\"/admin/attendees.csv\" download>Download the attendee list (CSV)</a></p>\n</section>\n");

        html.Append("<form method=\"post\" action=\"/admin/logout\" class=\"logout\">\n");
        Forgery(html, forgery);
        html.Append("<button type=\"submit\" class=\"secondary\">Log out</button>\n</form>\n");
        return End(html);
    }

    public static string Minted(IReadOnlyList<CodeRecord> codes, Uri registrationAddress)
    {
        var html = Start("Minted codes");
        html.Append("<section class=\"card\" aria-labelledby=\"minted-heading\">\n<h2 id=\"minted-heading\" tabindex=\"-1\">")
            .Append(codes.Count.ToString(CultureInfo.InvariantCulture)).Append(codes.Count == 1 ? " new code" : " new codes").Append("</h2>\n");
        html.Append("<ol id=\"minted\" class=\"codes\">\n");
        foreach (var code in codes)
        {
            var text = RegistrationCode.Format(code.Code);
            html.Append("<li><a href=\"").AppendEncoded(PublicAddress.RegistrationLink(registrationAddress, code.Code)).Append("\">").Append(text).Append("</a></li>\n");
        }

        html.Append("</ol>\n<p><a href=\"/admin\">Back to the dashboard</a></p>\n</section>\n");
        return End(html);
    }

    private static StringBuilder Start(string title)
    {
        var html = new StringBuilder(4096);
        HtmlLayout.Head(html, title, "/css/rollcall.css", []);
        return html.Append("<main class=\"page\">\n<header class=\"masthead\">\n<h1>RollCall admin</h1>\n</header>\n");
    }

    private static string End(StringBuilder html) =>
        html.Append("<footer class=\"footer\"><a href=\"/\">Registration page</a> · <a href=\"/board\">Board</a></footer>\n</main>\n</body>\n</html>\n").ToString();

    private static void Forgery(StringBuilder html, AntiforgeryTokenSet forgery) =>
        html.Append("<input type=\"hidden\" name=\"").AppendEncoded(forgery.FormFieldName).Append("\" value=\"").AppendEncoded(forgery.RequestToken ?? string.Empty).Append("\">\n");

    private static void Message(StringBuilder html, string? text, bool ok)
    {
        html.Append("<p id=\"message\" class=\"message").Append(text is null ? string.Empty : ok ? " ok" : " error").Append("\" role=\"status\">");
        if (text is not null)
        {
            html.AppendEncoded(text);
        }

        html.Append("</p>\n");
    }

    private static void Stat(StringBuilder html, string id, string label, long value) =>
        html.Append("<div><dt>").Append(label).Append("</dt><dd id=\"stat-").Append(id).Append("\">")
            .Append(value.ToString("N0", CultureInfo.InvariantCulture)).Append("</dd></div>\n");
}
