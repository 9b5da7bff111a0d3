using System.Globalization;
using System.Text;
using RollCall.Server.Live;

namespace RollCall.Server.Web;

/// <summary>
/// The projector board: the big live count, the newest names, the emulated LED matrix and a QR code
/// of the registration page. Names are HTML-encoded here and set as text by <c>board.js</c>.
/// </summary>
internal static class BoardHtml
{
    /// <summary>How many names the board shows at most.</summary>
    public const int MaxNames = 8;

    private static readonly string[] _scripts = ["/js/live.js", "/js/matrix.js", "/js/board.js"];

    public static string Render(StatusSnapshot snapshot, Uri registrationAddress, bool publicNames, int recent)
    {
        var html = new StringBuilder(4096);
        HtmlLayout.Head(html, "Board", "/css/board.css", _scripts, "board");
        html.Append("<main class=\"board-grid\">\n");

        html.Append("<section class=\"board-count\" aria-labelledby=\"board-count-label\">\n<h1 class=\"board-title\">RollCall</h1>\n");
        html.Append("<p class=\"board-number\"><span id=\"count\">").Append(snapshot.Count.ToString(CultureInfo.InvariantCulture)).Append("</span></p>\n");
        html.Append("<p id=\"count-label\" class=\"board-label\">").Append(snapshot.Count == 1 ? "attendee" : "attendees").Append(" registered</p>\n</section>\n");

        html.Append("<section class=\"board-matrix\" aria-label=\"LED matrix\">\n");
        html.Append("<canvas id=\"matrix\" width=\"480\" height=\"480\" role=\"img\" aria-label=\"An 8 by 8 LED matrix playing the attendance show\"></canvas>\n</section>\n");

        if (publicNames)
        {
            html.Append("<section class=\"board-names\" aria-labelledby=\"board-names-heading\">\n<h2 id=\"board-names-heading\">Just arrived</h2>\n");
            html.Append("<ol id=\"attendees\" class=\"board-list\" data-max=\"").Append(MaxNames.ToString(CultureInfo.InvariantCulture)).Append("\">\n");
            foreach (var attendant in snapshot.Attendants.Newest(Math.Min(MaxNames, recent)))
            {
                html.Append("<li value=\"").Append(attendant.Number.ToString(CultureInfo.InvariantCulture)).Append("\">")
                    .AppendEncoded(attendant.FullName).Append("</li>\n");
            }

            html.Append("</ol>\n</section>\n");
        }

        var address = registrationAddress.AbsoluteUri;
        html.Append("<section class=\"board-qr\" aria-labelledby=\"board-qr-heading\">\n<h2 id=\"board-qr-heading\">Scan to register</h2>\n");
        html.Append("<img id=\"qr\" src=\"/board/qr.svg\" width=\"320\" height=\"320\" alt=\"QR code of ").AppendEncoded(address).Append("\">\n");
        html.Append("<p class=\"board-url\">").AppendEncoded(DisplayAddress(registrationAddress)).Append("</p>\n</section>\n");

        html.Append("<p id=\"board-status\" class=\"board-status\" role=\"status\"></p>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    // What people read and type: without the scheme and the trailing slash.
    private static string DisplayAddress(Uri address)
    {
        var text = address.AbsoluteUri;
        text = text[(address.Scheme.Length + 3)..];
        return text.EndsWith('/') ? text[..^1] : text;
    }
}
