using System.Net;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Npgsql;
using RollCall.Server.Application;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Hosting;

/// <summary>
/// Real outages seen from the doors: a full disk under SQLite (a small tmpfs filled for real) and a
/// PostgreSQL that turns read-only, cancels statements (57014) or runs out of space (53100).
/// Registrations get UNAVAILABLE / 503 with a message, <c>/readyz</c> says not ready, and once the
/// cause is gone the server recovers by itself, with every acknowledged registration kept.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StoreOutageTests(PostgresServer server)
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AFullDiskAnswersUnavailableAndNotReadyThenRecoversOnceSpaceIsFreedLosingNothing()
    {
        using var disk = new SmallTmpfs(megabytes: 6);
        var data = disk.File("data");
        var settings = new Dictionary<string, string?> { ["RollCall:DataDir"] = data };
        var acknowledged = new List<string>();
        try
        {
            await using (var app = new RollCallApplication(settings))
            {
                var channel = app.CreateChannel();
                var token = File.ReadAllText(Path.Combine(data, "admin-token")).Trim();
                var codes = new Queue<string>(await AdminCalls.MintAsync(channel, token, 1500));
                disk.Fill("filler");

                var outage = await RegisterUntilUnavailableAsync(new Registration.RegistrationClient(channel), codes, acknowledged);

                Assert.Equal(StoreUnavailableException.DefaultMessage, outage.Status.Detail);
                await AssertNotReadyAndJsonIs503Async(app.CreateClient(), codes.Dequeue());

                File.Delete(disk.File("filler"));

                await AssertRecoversAsync(app, channel, codes.Dequeue(), acknowledged);
            }

            // Reopened from the file: everything acknowledged is there, nothing else.
            await using var reopened = new RollCallApplication(settings);
            await AssertKeptAsync(reopened, File.ReadAllText(Path.Combine(data, "admin-token")).Trim(), acknowledged);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    [Theory]
    [InlineData("read-only")]
    [InlineData("57014")]
    [InlineData("53100")]
    public async Task APostgresThatCannotWriteAnswersUnavailableAndNotReadyThenRecoversLosingNothing(string cause)
    {
        var database = await server.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?> { ["Storage:ConnectionString"] = database };
        var acknowledged = new List<string>();
        await using (var app = new RollCallApplication(settings))
        {
            var channel = app.CreateChannel();
            var codes = new Queue<string>(await AdminCalls.MintAsync(channel, app.AdminToken, 20));
            var client = new Registration.RegistrationClient(channel);
            var first = codes.Dequeue();
            await client.RegisterAsync(new RegisterRequest { FirstName = "Before", LastName = "Outage", Code = first });
            acknowledged.Add(first);

            await BreakAsync(server, database, cause);
            var outage = await RegisterUntilUnavailableAsync(client, codes, acknowledged);

            Assert.False(string.IsNullOrWhiteSpace(outage.Status.Detail));
            await AssertNotReadyAndJsonIs503Async(app.CreateClient(), codes.Dequeue());

            await RepairAsync(server, database, cause);

            await AssertRecoversAsync(app, channel, codes.Dequeue(), acknowledged);
        }

        await using var later = new RollCallApplication(settings);
        await AssertKeptAsync(later, later.AdminToken, acknowledged);
    }

    // Registers one code after another until the store gives out; the ones it acknowledged are noted.
    private static async Task<RpcException> RegisterUntilUnavailableAsync(Registration.RegistrationClient client, Queue<string> codes, List<string> acknowledged)
    {
        var name = new string('x', 100);
        while (codes.Count > 3)
        {
            var code = codes.Dequeue();
            try
            {
                await client.RegisterAsync(new RegisterRequest { FirstName = name, LastName = name, Code = code });
                acknowledged.Add(code);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable)
            {
                return exception;
            }
        }

        throw new InvalidOperationException($"The store never gave out ({acknowledged.Count} registrations acknowledged).");
    }

    private static async Task AssertNotReadyAndJsonIs503Async(HttpClient http, string code)
    {
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

        using var json = await http.PostAsync(
            "/api/v1/registrations",
            new StringContent($"{{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"code\":\"{code}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
        Assert.Contains(StoreUnavailableException.DefaultMessage, await json.Content.ReadAsStringAsync());
    }

    // Nobody restarts anything: readiness comes back by itself and registration works again.
    private static async Task AssertRecoversAsync(RollCallApplication app, GrpcChannel channel, string code, List<string> acknowledged)
    {
        var http = app.CreateClient();
        var seen = HttpStatusCode.ServiceUnavailable;
        await Eventually.TrueAsync(async () =>
        {
            using var ready = await http.GetAsync("/readyz");
            return (seen = ready.StatusCode) == HttpStatusCode.OK;
        }, _patience, () => $"/readyz answered {seen}");

        await new Registration.RegistrationClient(channel).RegisterAsync(new RegisterRequest { FirstName = "After", LastName = "Outage", Code = code });
        acknowledged.Add(code);
    }

    private static async Task AssertKeptAsync(RollCallApplication app, string token, List<string> acknowledged)
    {
        var channel = app.CreateChannel();
        var status = await new Registration.RegistrationClient(channel).GetStatusAsync(new GetStatusRequest());
        Assert.Equal(acknowledged.Count, status.Count);
        var used = await new Admin.AdminClient(channel).ListCodesAsync(
            new ListCodesRequest { State = RollCall.V1.CodeState.Redeemed, PageSize = 1000 }, AdminCalls.Bearer(token));
        Assert.Equal(acknowledged.Order(), used.Codes.Select(c => c.Code).Order());
    }

    // Read-only for real: new sessions of the database are read-only, and the open ones are ended so
    // the server's writer reconnects into one. The other two are the server's own errors, raised
    // with their SQLSTATE by a trigger on every write the store makes.
    private static async Task BreakAsync(PostgresServer server, string database, string cause)
    {
        var name = new NpgsqlConnectionStringBuilder(database).Database;
        if (cause == "read-only")
        {
            await ExecuteAsync(server.ConnectionString(), $"ALTER DATABASE \"{name}\" SET default_transaction_read_only = on");
            await ExecuteAsync(database, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
            return;
        }

        await ExecuteAsync(database, $"""
            CREATE FUNCTION outage() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the test says {cause}' USING ERRCODE = '{cause}'; END $$;
            CREATE TRIGGER outage BEFORE INSERT OR UPDATE ON codes FOR EACH STATEMENT EXECUTE FUNCTION outage();
            CREATE TRIGGER outage BEFORE INSERT OR UPDATE ON health FOR EACH STATEMENT EXECUTE FUNCTION outage();
            """);
    }

    private static async Task RepairAsync(PostgresServer server, string database, string cause)
    {
        var name = new NpgsqlConnectionStringBuilder(database).Database;
        if (cause == "read-only")
        {
            // From another database: every new session of this one is read-only.
            await ExecuteAsync(server.ConnectionString(), $"ALTER DATABASE \"{name}\" SET default_transaction_read_only = off");
            return;
        }

        await ExecuteAsync(database, "DROP TRIGGER outage ON codes; DROP TRIGGER outage ON health; DROP FUNCTION outage();");
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
