using System.Globalization;

namespace RollCall.Server.Web;

/// <summary>
/// The address attendees open to register: <c>RollCall:PublicUrl</c> when set (behind a proxy, or
/// a projector showing a name the server cannot see), else the scheme and host of the request.
/// </summary>
internal static class PublicAddress
{
    /// <summary>Reads an absolute http(s) URL without query or fragment; the result ends with '/'.</summary>
    public static bool TryParse(string? text, out Uri address)
    {
        address = null!;
        if (string.IsNullOrWhiteSpace(text)
            || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0)
        {
            return false;
        }

        address = uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
        return true;
    }

    /// <summary>The registration page's address for this request.</summary>
    public static Uri For(HttpRequest request, WebOptions options)
    {
        if (TryParse(options.PublicUrl, out var configured))
        {
            return configured;
        }

        var host = request.Host.HasValue ? request.Host.Value : "localhost";
        return TryParse($"{request.Scheme}://{host}{request.PathBase}/", out var derived) ? derived : new Uri("http://localhost/");
    }

    /// <summary>The link printed on a voucher: the page with the code filled in.</summary>
    public static string RegistrationLink(Uri address, long code) =>
        address.AbsoluteUri + "?code=" + code.ToString(CultureInfo.InvariantCulture);
}
