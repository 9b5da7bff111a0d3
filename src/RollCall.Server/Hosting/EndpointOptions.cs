namespace RollCall.Server.Hosting;

/// <summary>
/// Where the two endpoints of 2016 listen, bound from the <c>RollCall</c> section; each can also be
/// set by a command-line flag or a <c>ROLLCALL_*</c> environment variable (see <see cref="ServerCommandLine"/>).
/// </summary>
public sealed class EndpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall";

    /// <summary>Where the web page listens (HTTP/1.1, and HTTP/2 with TLS); <c>none</c> for nowhere.</summary>
    public string WebUrl { get; set; } = "http://localhost:8080";

    /// <summary>Where gRPC listens (HTTP/2 cleartext unless https); <c>none</c> for nowhere.</summary>
    public string GrpcUrl { get; set; } = "http://localhost:50001";
}
