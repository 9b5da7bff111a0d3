using RollCall.Server.Application;
using RollCall.Server.FastPath;
using RollCall.Server.Grpc;
using RollCall.Server.Hosting;
using RollCall.Server.Http;
using RollCall.Server.Storage;
using RollCall.Server.Web;

// The command line: --help, --version, the backup and restore tools and mistakes end here
var commandLine = ServerCommandLine.Parse(args);
if (!commandLine.StartsServer)
{
    return commandLine.Invoke(Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = commandLine.HostArguments,
    // appsettings.json ships beside the binary; the data folder stays relative to where it runs.
    ContentRootPath = AppContext.BaseDirectory,
});

// Settings: defaults in code, appsettings.json, ROLLCALL_* variables, flags
builder.AddRollCallConfiguration(commandLine);

// Endpoints: the web page on 8080 and gRPC on 50001, as in 2016
builder.ConfigureRollCallEndpoints();

// Use cases and the live status, served from memory
builder.Services.AddRollCallApplication();

// Storage: SQLite in the data folder, or a shared PostgreSQL
builder.Services.AddRollCallStorage();

// Private files: the data folder 0700 and the database 0600, before the store opens them
builder.Services.AddRollCallPrivateDataFolder();

// The doors: HTTP basics, gRPC (the 2016 contract and the v1 API, also as JSON), the web pages
builder.Services.AddRollCallHttp();
builder.Services.AddRollCallGrpc();
builder.Services.AddRollCallWeb();
// The pages' languages: ?lang=, the rollcall_lang cookie, Accept-Language, then the fallback language
builder.Services.AddRollCallLocalization();
builder.Services.AddRollCallHealthChecks();

// Metrics and traces (Prometheus with --metrics, OTLP with OTEL_EXPORTER_OTLP_ENDPOINT)
builder.AddRollCallTelemetry();

var app = builder.Build();

// The client's address (X-Forwarded-For only from --trusted-proxy), size guard, security headers
app.UseRollCallHttp();
app.UseRollCallWeb();
// The pages' language for each browser request, and the 404 page in it
app.UseRollCallLocalization();
app.UseNotFoundPage();
app.UseStoreOutageResponses();
// gRPC calls: frame validation, and large 2016 statuses in chunks rather than through gRPC's buffer
app.UseGrpcFastPath();
// Admin access: authorization (which authenticates the named scheme) for the endpoints that declare a policy
app.UseAdminPolicies();
app.MapRollCallGrpc();
app.MapRollCallWeb();
app.MapRollCallHealthChecks();
app.MapRollCallTelemetry();

app.Run();
return 0;

/// <summary>The entry point; public so tests can host the server with WebApplicationFactory.</summary>
public partial class Program;
