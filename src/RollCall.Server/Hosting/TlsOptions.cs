namespace RollCall.Server.Hosting;

/// <summary>
/// One TLS endpoint serving the page, gRPC and the JSON API together (HTTP/1.1 and HTTP/2, chosen
/// by ALPN), bound from <c>RollCall:Tls</c>. The certificate and key are PEM files; they also serve
/// any https <see cref="EndpointOptions.WebUrl"/> or <see cref="EndpointOptions.GrpcUrl"/>.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall:Tls";

    /// <summary>Where the TLS endpoint listens, e.g. <c>https://0.0.0.0:8443</c>; unset for none.</summary>
    public string? Url { get; set; }

    /// <summary>The PEM certificate (chain) file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key file (unencrypted; keep it mode 0600).</summary>
    public string? KeyPath { get; set; }
}
