using System.Net;
using System.Net.Sockets;

namespace RollCall.Testing;

/// <summary>Free loopback TCP ports for servers started by tests.</summary>
public static class FreePort
{
    private static readonly Lock _gate = new();
    private static readonly HashSet<int> _handed = [];

    /// <summary>A port nothing listens on now and that this process has not handed out before.</summary>
    public static int Next()
    {
        lock (_gate)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (_handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
