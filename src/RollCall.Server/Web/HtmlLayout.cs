using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace RollCall.Server.Web;

/// <summary>
/// The frame every page shares: head with its own stylesheet and scripts (all served by this
/// server; the CSP allows nothing else), and the one HTML encoder for user input.
/// </summary>
internal static class HtmlLayout
{
    /// <summary>The encoder for text and attribute values.</summary>
    public static HtmlEncoder Encoder { get; } = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Appends <paramref name="text"/> encoded.</summary>
    public static StringBuilder AppendEncoded(this StringBuilder html, string text) => html.Append(Encoder.Encode(text));

    /// <summary>The doctype, head and opening body tag.</summary>
    public static StringBuilder Head(StringBuilder html, string title, string stylesheet, IEnumerable<string> scripts, string? bodyClass = null)
    {
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light dark\">\n")
            .Append("<title>").AppendEncoded(title).Append(" · RollCall</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(stylesheet).Append("\">\n");
        foreach (var script in scripts)
        {
            html.Append("<script src=\"").Append(script).Append("\" defer></script>\n");
        }

        html.Append("</head>\n<body");
        if (bodyClass is not null)
        {
            html.Append(" class=\"").Append(bodyClass).Append('"');
        }

        return html.Append(">\n");
    }
}
