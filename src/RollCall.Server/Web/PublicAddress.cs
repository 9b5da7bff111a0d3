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

    /// <summary>The answer for a request whose Host header cannot name the page (huge or malformed).</summary>
    public const string BadHostMessage = "The Host header is not a valid host name.";

    // The longest DNS name; a Host beyond it names nothing, and would not fit a QR code.
    private const int MaxHostLength = 253;

    /// <summary>
    /// The registration page's address for this request; false when the page's address comes from
    /// a Host header that is not a host name and port (the caller answers 400).
    /// </summary>
    public static bool TryFor(HttpRequest request, WebOptions options, out Uri address)
    {
        if (TryParse(options.PublicUrl, out address))
        {
            return true;
        }

        if (!request.Host.HasValue)
        {
            return TryParse($"{request.Scheme}://localhost{request.PathBase}/", out address);
        }

        var host = request.Host;
        return host.Host.Length <= MaxHostLength
            && Uri.CheckHostName(host.Host.Trim('[', ']')) != UriHostNameType.Unknown
            && (host.Port is null || host.Port is > 0 and <= 65535)
            && (host.Value.IndexOf(':', StringComparison.Ordinal) < 0 || host.Port is not null || host.Host.StartsWith('['))
            && TryParse($"{request.Scheme}://{host.Value}{request.PathBase}/", out address);
    }

    /// <summary>The 400 for a request <see cref="TryFor"/> refused.</summary>
    public static IResult BadHost() => Results.Text(BadHostMessage, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    /// <summary>The link printed on a voucher: the page with the code filled in.</summary>
    public static string RegistrationLink(Uri address, long code) =>
        address.AbsoluteUri + "?code=" + code.ToString(CultureInfo.InvariantCulture);
}
