using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RollCall.Legacy;

namespace RollCall.Cli.Tests.Monitor;

/// <summary>
/// A stand-in for the 2016 Go server: a real gRPC server on Kestrel (h2c on a loopback port)
/// that offers only <c>services.RegisterService</c>, so <c>rollcall.v1.Registration/WatchStatus</c>
/// gets UNIMPLEMENTED, as from the original. GetStatus answers whatever <see cref="Status"/> holds.
/// </summary>
internal sealed class LegacyOnlyServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LegacyOnlyServer(WebApplication app, Uri address, StatusBoard board)
    {
        _app = app;
        Address = address;
        Board = board;
    }

    public Uri Address { get; }

    public StatusBoard Board { get; }

    public static async Task<LegacyOnlyServer> StartAsync(int counter, IDictionary<string, string> attendants)
    {
        var board = new StatusBoard();
        board.Set(counter, attendants);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(board);
        var app = builder.Build();
        app.MapGrpcService<FixedStatusService>();
        await app.StartAsync();
        // Port 0: the system picks a free port, and the server reports which.
        return new LegacyOnlyServer(app, new Uri(app.Urls.Single()), board);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The status the server answers with; the test changes it between polls.</summary>
    internal sealed class StatusBoard
    {
        private StatusResponse _status = new();

        public int Calls;

        public StatusResponse Current => Volatile.Read(ref _status);

        public void Set(int counter, IDictionary<string, string> attendants)
        {
            var data = new AppData { Counter = counter };
            data.Attendants.Add(attendants);
            Volatile.Write(ref _status, new StatusResponse { AppData = data });
        }
    }

    /// <summary>The 2016 service, answering GetStatus from the board; GetCode is not needed here.</summary>
    internal sealed class FixedStatusService(StatusBoard board) : RegisterService.RegisterServiceBase
    {
        public override Task<StatusResponse> GetStatus(StatusRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref board.Calls);
            return Task.FromResult(board.Current);
        }
    }
}
