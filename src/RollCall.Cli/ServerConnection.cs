using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;
using RollCall.V1;
using LegacyService = RollCall.Legacy.RegisterService;

namespace RollCall.Cli;

/// <summary>A gRPC channel to the server with typed clients and the admin token as call metadata.</summary>
public sealed class ServerConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly string? _token;

    private ServerConnection(string address, string? token)
    {
        Address = address;
        _token = token;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 256 * 1024 * 1024,
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(5),
                EnableMultipleHttp2Connections = true,
            },
        });
        Registration = new Registration.RegistrationClient(_channel);
        Admin = new Admin.AdminClient(_channel);
        Events = new Events.EventsClient(_channel);
        Legacy = new LegacyService.RegisterServiceClient(_channel);
    }

    /// <summary>The server address.</summary>
    public string Address { get; }

    /// <summary>The public v1 API.</summary>
    public Registration.RegistrationClient Registration { get; }

    /// <summary>The admin v1 API.</summary>
    public Admin.AdminClient Admin { get; }

    /// <summary>The events API.</summary>
    public Events.EventsClient Events { get; }

    /// <summary>The 2016 API.</summary>
    public LegacyService.RegisterServiceClient Legacy { get; }

    /// <summary>Opens a connection from the shared options.</summary>
    public static ServerConnection Open(ParseResult parseResult)
    {
        var address = parseResult.GetValue(CommonOptions.Server)!;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException(ExitCodes.Failure, $"--server must be an http:// or https:// URL, not '{address}'.");
        }

        return new ServerConnection(address, CommonOptions.ResolveToken(parseResult));
    }

    /// <summary>Call metadata carrying the admin token, when there is one.</summary>
    public Metadata AdminHeaders()
    {
        var headers = new Metadata();
        if (_token is not null)
        {
            headers.Add("authorization", "Bearer " + _token);
        }

        return headers;
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
