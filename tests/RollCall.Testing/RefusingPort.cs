using System.Net;
using System.Net.Sockets;

namespace RollCall.Testing;

/// <summary>
/// A loopback port where nothing answers, for tests of an unreachable server: a socket bound to
/// port 0 and never listening, so connecting is refused, and no other server can take the port
/// while the test holds it (a port probed free and released could be taken at once).
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
