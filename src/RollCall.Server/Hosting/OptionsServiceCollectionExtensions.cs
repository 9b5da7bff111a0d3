using Microsoft.Extensions.Options;

namespace RollCall.Server.Hosting;

/// <summary>Adds the flag and environment sources, and binds the host's own options.</summary>
public static class OptionsServiceCollectionExtensions
{
    /// <summary>Adds the RollCall settings: defaults in code, then appsettings, ROLLCALL_* variables, flags.</summary>
    public static WebApplicationBuilder AddRollCallConfiguration(this WebApplicationBuilder builder, ServerCommandLine commandLine)
    {
        ServerCommandLine.AddRollCallSettings(builder.Configuration, commandLine.Entries);
        builder.Services.AddOptions<EndpointOptions>().BindConfiguration(EndpointOptions.Section);
        builder.Services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<TlsOptions>().BindConfiguration(TlsOptions.Section);
        // SIGTERM drains calls in progress for at most this long, then the host ends them.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<LimitsOptions>>(
            (host, limits) => host.ShutdownTimeout = TimeSpan.FromSeconds(limits.Value.ShutdownTimeoutSeconds));
        return builder;
    }
}
