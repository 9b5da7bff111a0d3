using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RollCall.Server.Hosting;

namespace RollCall.Testing;

/// <summary>
/// The real server in-process, on its own SQLite file in a temp folder. By default it runs on the
/// ASP.NET Core test server; <see cref="StartKestrel"/> puts it on real loopback ports instead.
/// </summary>
public sealed class RollCallApplication : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _time;
    private readonly bool _ownsDataDirectory;
    private readonly Action<IServiceCollection>? _configureServices;

    public RollCallApplication(
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        TempDirectory? dataDirectory = null,
        Action<IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? new TempDirectory();
        _time = time;
        _settings = new Dictionary<string, string?>
        {
            ["RollCall:DataDir"] = DataDirectory.Path,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public TempDirectory DataDirectory { get; }

    /// <summary>The gRPC address when running on Kestrel.</summary>
    public Uri? GrpcAddress { get; private set; }

    /// <summary>The web address when running on Kestrel.</summary>
    public Uri? WebAddress { get; private set; }

    /// <summary>The admin token the server generated on start.</summary>
    public string AdminToken
    {
        get
        {
            _ = Services;
            return File.ReadAllText(Path.Combine(DataDirectory.Path, "admin-token")).Trim();
        }
    }

    /// <summary>Call metadata with the admin token.</summary>
    public Metadata AdminHeaders => new() { { "authorization", "Bearer " + AdminToken } };

    /// <summary>The TLS endpoint's address when running on Kestrel with <c>RollCall:Tls:Url</c>.</summary>
    public Uri? TlsAddress { get; private set; }

    /// <summary>
    /// Runs the server with Kestrel on loopback ports the system picks (port 0) and reads the bound
    /// addresses back from the server; an endpoint the settings turn off (<c>none</c>) stays off
    /// and its address stays null.
    /// </summary>
    public RollCallApplication StartKestrel()
    {
        foreach (var key in new[] { "RollCall:WebUrl", "RollCall:GrpcUrl" })
        {
            if (_settings.GetValueOrDefault(key) != "none")
            {
                _settings[key] = "http://127.0.0.1:0";
            }
        }

        UseKestrel();
        StartServer();
        var addresses = Services.GetRequiredService<ListeningAddresses>();
        (WebAddress, GrpcAddress, TlsAddress) = (addresses.Web, addresses.Grpc, addresses.Tls);
        return this;
    }

    /// <summary>A gRPC channel: over loopback with Kestrel, else through the test server's handler.</summary>
    public GrpcChannel CreateChannel()
    {
        if (GrpcAddress is not null)
        {
            return GrpcChannel.ForAddress(GrpcAddress);
        }

        return GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting makes the values visible while Program.cs runs (some choices are made
        // there); the in-memory source puts them above appsettings for everything read later.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (_time is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(_time)));
        }

        // The test server has no socket; its requests come "from" loopback, like a local proxy's.
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, LoopbackPeer>());
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDataDirectory)
        {
            DataDirectory.Dispose();
        }
    }

    private sealed class LoopbackPeer : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, continuation) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return continuation(context);
            });
            next(app);
        };
    }
}
