using Microsoft.AspNetCore.Server.Kestrel.Core;
using RollCall.BareGrpc;

// Usage: RollCall.BareGrpc PORT — serves /services.RegisterService/GetStatus (a constant, empty
// status) over h2c on 127.0.0.1:PORT, with nothing else in the pipeline.
var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50101;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
var app = builder.Build();
app.MapGrpcService<ConstantStatusService>();
app.Run();
