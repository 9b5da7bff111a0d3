using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Replicas;

/// <summary>
/// Named admin tokens on PostgreSQL: two replicas (each with its own data folder and bootstrap
/// token) on one database share them. A replica reloads the list every
/// <c>RollCall:AdminTokenRefreshSeconds</c>, here one second; the tests poll with a deadline.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdminTokenReplicaTests(PostgresServer server)
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ATokenCreatedOnOneReplicaWorksOnTheOtherAndStopsThereOnceRevoked()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = new RollCallApplication(Settings(database));
        await using var b = new RollCallApplication(Settings(database));
        var (adminA, adminB) = (new Admin.AdminClient(a.CreateChannel()), new Admin.AdminClient(b.CreateChannel()));
        // B runs before the token exists, so only its periodic reload can bring the token in.
        Assert.NotEqual(a.AdminToken, b.AdminToken);

        var created = await adminA.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door-laptop" }, a.AdminHeaders);
        await UntilAsync(adminB, created.Token, StatusCode.OK);

        await adminA.RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Name = "door-laptop" }, a.AdminHeaders);
        Assert.Equal(StatusCode.PermissionDenied, await StatsAsync(adminA, created.Token));
        await UntilAsync(adminB, created.Token, StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task RotatingOnOneReplicaRetiresTheOldValueOnTheOther()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = new RollCallApplication(Settings(database));
        await using var b = new RollCallApplication(Settings(database));
        var (adminA, adminB) = (new Admin.AdminClient(a.CreateChannel()), new Admin.AdminClient(b.CreateChannel()));
        var created = await adminA.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "kiosk" }, a.AdminHeaders);
        await UntilAsync(adminB, created.Token, StatusCode.OK);

        var rotated = await adminB.RotateAdminTokenAsync(new RotateAdminTokenRequest(), AdminCalls.Bearer(created.Token));

        Assert.Equal(StatusCode.OK, await StatsAsync(adminB, rotated.Token));
        await UntilAsync(adminA, rotated.Token, StatusCode.OK);
        Assert.Equal(StatusCode.PermissionDenied, await StatsAsync(adminA, created.Token));
    }

    [Fact]
    public async Task TokensLiveInTheDatabaseAsHashesAndAReplicaStartedLaterKnowsThemAtOnce()
    {
        var database = await server.CreateDatabaseAsync();
        string token;
        await using (var a = new RollCallApplication(Settings(database)))
        {
            token = (await new Admin.AdminClient(a.CreateChannel()).CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door" }, a.AdminHeaders)).Token;
            // No SQLite file beside the token file: the replica keeps nothing of its own but that file.
            Assert.False(File.Exists(a.DataDirectory.File("rollcall.db")));
        }

        await using var later = new RollCallApplication(Settings(database, refreshSeconds: 3600));

        Assert.Equal(StatusCode.OK, await StatsAsync(new Admin.AdminClient(later.CreateChannel()), token));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT hash FROM admin_tokens WHERE name = 'door'", connection);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), (byte[])(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task AnErrorWhileReloadingTheTokensIsLoggedAndTheServerKeepsRunningOnTheListItHas()
    {
        var database = await server.CreateDatabaseAsync();
        var log = new LogCapture();
        await using var app = new RollCallApplication(Settings(database), configureServices: log.AddTo);
        var admin = new Admin.AdminClient(app.CreateChannel());
        var door = (await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door" }, app.AdminHeaders)).Token;
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        int Failures() => log.Events.Count(e => e.Message.StartsWith("Reloading the admin tokens failed", StringComparison.Ordinal));

        // Not an outage but an error of the query itself (42P01, no such table), which no retry mends.
        await ExecuteAsync(database, "ALTER TABLE admin_tokens RENAME TO admin_tokens_away");
        await Eventually.TrueAsync(() => Failures() >= 2 || lifetime.ApplicationStopping.IsCancellationRequested, _patience, () => log.AllText);

        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, log.AllText);
        Assert.True(Failures() >= 2);
        Assert.Equal(StatusCode.OK, await StatsAsync(admin, door));

        await ExecuteAsync(database, "ALTER TABLE admin_tokens_away RENAME TO admin_tokens");
        await admin.RevokeAdminTokenAsync(new RevokeAdminTokenRequest { Name = "door" }, app.AdminHeaders);
        Assert.Equal(StatusCode.PermissionDenied, await StatsAsync(admin, door));
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Dictionary<string, string?> Settings(string database, int refreshSeconds = 1) => new()
    {
        ["Storage:ConnectionString"] = database,
        ["RollCall:AdminTokenRefreshSeconds"] = refreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Polling with a token a replica does not know yet counts as wrong tokens: keep the limits out of the way.
        ["RollCall:RateLimits:AdminFailuresPerAddress"] = "100000",
        ["RollCall:RateLimits:AdminGlobalFailures"] = "0",
    };

    private static async Task<StatusCode> StatsAsync(Admin.AdminClient admin, string token)
    {
        try
        {
            await admin.GetCodeStatsAsync(new GetCodeStatsRequest(), AdminCalls.Bearer(token));
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    private static async Task UntilAsync(Admin.AdminClient admin, string token, StatusCode expected)
    {
        var seen = StatusCode.OK;
        await Eventually.TrueAsync(
            async () => (seen = await StatsAsync(admin, token)) == expected,
            _patience,
            () => $"the replica answered {seen} rather than {expected}");
    }
}
