using System.Globalization;
using System.Text;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Web;

/// <summary>
/// Writes the HTML of the registration page and the attendee list. Every piece of user input
/// (names, codes) passes through <see cref="HtmlLayout.Encoder"/>; nothing else is ever concatenated
/// into markup. Live updates arrive through <c>/events</c> and are applied as text by <c>register.js</c>.
/// </summary>
internal static class PageHtml
{
    private static readonly string[] _scripts = ["/js/live.js", "/js/register.js"];
    private static readonly SnapshotView<string> _recentNames = new();

    /// <summary>The registration page.</summary>
    public static string RegistrationPage(StatusSnapshot snapshot, PageMessage? message, string prefilledCode, bool publicNames, int recent)
    {
        var html = new StringBuilder(4096);
        HtmlLayout.Head(html, "Register", "/css/rollcall.css", _scripts);
        html.Append("<main class=\"page\">\n<header class=\"masthead\">\n<h1>RollCall</h1>\n");
        Count(html, snapshot.Count);
        html.Append("</header>\n<section class=\"card\" aria-labelledby=\"register-heading\">\n<h2 id=\"register-heading\">Register</h2>\n");
        html.Append("<form id=\"register-form\" method=\"post\" action=\"/register\" novalidate>\n");
        Field(html, "firstName", "First name", "given-name", string.Empty, numeric: false);
        Field(html, "lastName", "Last name", "family-name", string.Empty, numeric: false);
        Field(html, "code", "Registration code", "one-time-code", prefilledCode, numeric: true);
        html.Append("<button type=\"submit\">Register</button>\n</form>\n");
        var state = message is null ? string.Empty : message.Succeeded ? " ok" : " error";
        html.Append("<p id=\"message\" class=\"message").Append(state).Append("\" role=\"status\" aria-live=\"polite\" tabindex=\"-1\">");
        if (message is not null)
        {
            html.AppendEncoded(message.Text);
        }

        html.Append("</p>\n</section>\n");
        if (publicNames)
        {
            html.Append("<section class=\"card\" aria-labelledby=\"attendees-heading\">\n<h2 id=\"attendees-heading\">Who is here</h2>\n");
            html.Append(snapshot.View(_recentNames, s => RecentNames(s, recent)));
            html.Append("<p><a href=\"/attendees\">See everyone who registered</a></p>\n</section>\n");
        }

        html.Append("<footer class=\"footer\"><a href=\"/board\">Projector board</a></footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>One page of the full attendee list.</summary>
    public static string AttendeesPage(IReadOnlyList<Attendant> page, int total, long? nextAfter)
    {
        var html = new StringBuilder(8192);
        HtmlLayout.Head(html, "Attendees", "/css/rollcall.css", []);
        html.Append("<main class=\"page\">\n<header class=\"masthead\">\n<h1>RollCall</h1>\n");
        Count(html, total);
        html.Append("</header>\n<section class=\"card\" aria-labelledby=\"all-heading\">\n<h2 id=\"all-heading\">Everyone who registered</h2>\n");
        if (page.Count == 0)
        {
            html.Append("<p>Nobody yet.</p>\n");
        }
        else
        {
            html.Append("<ol class=\"names\" start=\"").Append(page[0].Number.ToString(CultureInfo.InvariantCulture)).Append("\">\n");
            foreach (var attendant in page)
            {
                Name(html, attendant);
            }

            html.Append("</ol>\n");
        }

        html.Append("<nav class=\"pager\">");
        if (nextAfter is { } after)
        {
            html.Append("<a rel=\"next\" href=\"/attendees?after=").Append(after.ToString(CultureInfo.InvariantCulture)).Append("\">Next page</a> ");
        }

        html.Append("<a href=\"/\">Back to registration</a></nav>\n</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string RecentNames(StatusSnapshot snapshot, int recent)
    {
        var html = new StringBuilder(128 + (recent * 48));
        html.Append("<ol id=\"attendees\" class=\"names\" reversed>\n");
        foreach (var attendant in snapshot.Attendants.Newest(recent))
        {
            Name(html, attendant);
        }

        html.Append("</ol>\n");
        return html.ToString();
    }

    // value= shows the registration number; register.js finds the item by it when a registration is cancelled.
    private static void Name(StringBuilder html, Attendant attendant) =>
        html.Append("<li value=\"").Append(attendant.Number.ToString(CultureInfo.InvariantCulture)).Append("\">")
            .AppendEncoded(attendant.FullName).Append("</li>\n");

    private static void Count(StringBuilder html, int count) =>
        html.Append("<p class=\"count\"><span id=\"count\">").Append(count.ToString(CultureInfo.InvariantCulture))
            .Append("</span> <span id=\"count-label\">").Append(count == 1 ? "attendee" : "attendees").Append(" registered</span></p>\n");

    private static void Field(StringBuilder html, string name, string label, string autocomplete, string value, bool numeric)
    {
        html.Append("<div class=\"field\">\n<label for=\"").Append(name).Append("\">").Append(label).Append("</label>\n");
        html.Append("<input id=\"").Append(name).Append("\" name=\"").Append(name).Append("\" autocomplete=\"").Append(autocomplete).Append('"');
        html.Append(numeric ? " inputmode=\"numeric\" pattern=\"[0-9]*\" maxlength=\"32\"" : " maxlength=\"100\"");
        html.Append(" required value=\"").AppendEncoded(value).Append("\">\n</div>\n");
    }
}
