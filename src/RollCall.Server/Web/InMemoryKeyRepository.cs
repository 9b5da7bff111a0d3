using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace RollCall.Server.Web;

/// <summary>
/// Keeps the data-protection keys (which sign the admin forms' antiforgery tokens and session cookies) in memory only:
/// they live exactly as long as the admin sessions they protect, and no key file is ever written.
/// </summary>
internal sealed class InMemoryKeyRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}
