using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RollCall.Server.Application;

namespace RollCall.Server.Hosting;

/// <summary>Which telemetry exports are on. Section <c>RollCall:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RollCall:Telemetry";

    /// <summary>Serves Prometheus metrics at <c>/metrics</c>. Off by default.</summary>
    public bool Prometheus { get; set; }
}

/// <summary>
/// OpenTelemetry metrics and traces: ASP.NET Core and gRPC server instrumentation, the runtime,
/// Npgsql, and RollCall's own meter. Exports go to Prometheus (<c>--metrics</c>) and/or OTLP, which
/// is configured by the standard <c>OTEL_*</c> variables and is on when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. With neither, nothing is collected and the hot paths
/// pay nothing.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Adds OpenTelemetry when an export is on.</summary>
    public static WebApplicationBuilder AddRollCallTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!options.Prometheus && !otlp)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("rollcall-server"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RollCallMetrics.MeterName, "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation();
                if (options.Prometheus)
                {
                    // Scrapes are rare (every few seconds at most); always answer with current values.
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource("Npgsql")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics")));
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Maps <c>/metrics</c> when Prometheus is on.</summary>
    public static IEndpointRouteBuilder MapRollCallTelemetry(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()?.Prometheus == true)
        {
            endpoints.MapPrometheusScrapingEndpoint("/metrics");
        }

        return endpoints;
    }
}
