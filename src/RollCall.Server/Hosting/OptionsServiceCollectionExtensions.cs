using Microsoft.Extensions.Options;
using RollCall.Server.Web;

namespace RollCall.Server.Hosting;

/// <summary>Binds <see cref="RollCallOptions"/> and adds the flag and environment sources.</summary>
public static class OptionsServiceCollectionExtensions
{
    /// <summary>Adds the RollCall settings: defaults in code, then appsettings, ROLLCALL_* variables, flags.</summary>
    public static WebApplicationBuilder AddRollCallConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddRollCallSettings(args);
        builder.Services
            .AddOptions<RollCallOptions>()
            .BindConfiguration(RollCallOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.CodeDigits == 0 || o.CodeDigits is >= 9 and <= 18, "--code-digits must be between 9 and 18.")
            .Validate(o => o.PublicUrl is null or { Length: 0 } || PublicAddress.TryParse(o.PublicUrl, out _), "--public-url must be an absolute http:// or https:// URL without a query.")
            .ValidateOnStart();
        builder.Services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<TlsOptions>().BindConfiguration(TlsOptions.Section);
        // SIGTERM drains calls in progress for at most this long, then the host ends them.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<LimitsOptions>>(
            (host, limits) => host.ShutdownTimeout = TimeSpan.FromSeconds(limits.Value.ShutdownTimeoutSeconds));
        return builder;
    }
}
