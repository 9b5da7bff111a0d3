using System.Net;
using Grpc.Core;
using RollCall.Server.Application;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Replicas;

/// <summary>
/// PostgreSQL goes away under two running replicas and comes back. This test stops its own
/// server, so it does not share the collection's.
/// </summary>
public sealed class PostgresOutageTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WhenPostgresStopsReplicasAnswerUnavailableAndRecoverByThemselvesWhenItReturns()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        await using var replicas = await PostgresReplicaTests.Replicas.StartAsync(await postgres.CreateDatabaseAsync());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var codes = new Queue<string>(await AdminCalls.MintAsync(replicas.ChannelA, replicas.A.AdminToken, 5000));
        var onA = new Registration.RegistrationClient(replicas.ChannelA);
        var onB = new Registration.RegistrationClient(replicas.ChannelB);
        var acknowledged = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var code = codes.Dequeue();
            await (i % 2 == 0 ? onA : onB).RegisterAsync(new RegisterRequest { FirstName = "Before", LastName = code, Code = code });
            acknowledged.Add(code);
        }

        // A's registrations reach B through a notification and a catch-up read: wait for them, on a busy machine too.
        await Eventually.TrueAsync(async () => (await onB.GetStatusAsync(new GetStatusRequest())).Count == 10, _patience);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var watch = onB.WatchStatus(new WatchStatusRequest(), cancellationToken: cancel.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(10, watch.ResponseStream.Current.Count);

        await postgres.StopAsync();

        var refused = codes.Dequeue();
        var error = await Assert.ThrowsAsync<RpcException>(() => onA.RegisterAsync(new RegisterRequest { FirstName = "During", LastName = "Outage", Code = refused }).ResponseAsync);
        Assert.Equal((StatusCode.Unavailable, StoreUnavailableException.DefaultMessage), (error.StatusCode, error.Status.Detail));
        using (var form = await http.PostAsync(new Uri(replicas.B.WebAddress, "/register"), LegacyForm("During", "Outage", codes.Dequeue())))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, form.StatusCode);
            Assert.Equal($"\"{StoreUnavailableException.DefaultMessage}\"", await form.Content.ReadAsStringAsync());
        }

        foreach (var replica in new[] { replicas.A, replicas.B })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOfAsync(http, replica.WebAddress, "/healthz"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOfAsync(http, replica.WebAddress, "/readyz"));
            await Eventually.TrueAsync(async () => await StatusOfAsync(http, replica.WebAddress, "/") == HttpStatusCode.ServiceUnavailable, _patience);
        }

        using (var page = await http.GetAsync(new Uri(replicas.B.WebAddress, "/")))
        {
            Assert.Contains(StoreUnavailableException.DefaultMessage, await page.Content.ReadAsStringAsync());
        }

        Assert.False(replicas.A.HasExited, replicas.A.Output);
        Assert.False(replicas.B.HasExited, replicas.B.Output);

        await postgres.StartAsync();

        // Each replica recovers on its own (a fresh code per attempt, hence 5,000 of them: a refused one stays unused): the pool reconnects, the listener reconnects and catches up.
        await Eventually.TrueAsync(async () => await TryRegisterAsync(onA, codes.Dequeue(), "Recovered", acknowledged), _patience);
        await Eventually.TrueAsync(async () => await TryRegisterAsync(onB, codes.Dequeue(), "Recovered", acknowledged), _patience);
        foreach (var replica in new[] { replicas.A, replicas.B })
        {
            await Eventually.TrueAsync(async () => await StatusOfAsync(http, replica.WebAddress, "/healthz") == HttpStatusCode.OK, _patience);
            await Eventually.TrueAsync(async () => await StatusOfAsync(http, replica.WebAddress, "/") == HttpStatusCode.OK, _patience);
        }

        var after = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var code = codes.Dequeue();
            await onA.RegisterAsync(new RegisterRequest { FirstName = "After", LastName = code, Code = code });
            acknowledged.Add(code);
            after.Add(code);
        }

        // The stream opened on B before the outage is still there and hears A's registrations.
        var heard = new HashSet<string>();
        while (!after.All(heard.Contains) && await watch.ResponseStream.MoveNext(cancel.Token))
        {
            if (watch.ResponseStream.Current.EventCase == WatchStatusResponse.EventOneofCase.Registered)
            {
                heard.Add(watch.ResponseStream.Current.Registered.LastName);
            }
        }

        Assert.Subset(heard, after.ToHashSet());
        var listed = await onB.ListAttendantsAsync(new ListAttendantsRequest { PageSize = 1000 });
        Assert.Subset(listed.Attendants.Select(a => a.LastName).ToHashSet(), acknowledged.ToHashSet());
        Assert.DoesNotContain(listed.Attendants, a => a.LastName == "Outage");
    }

    private static FormUrlEncodedContent LegacyForm(string first, string last, string code) =>
        new([new("data", $$"""{"firstName":"{{first}}","lastName":"{{last}}","code":"{{code}}"}""")]);

    private static async Task<HttpStatusCode> StatusOfAsync(HttpClient http, Uri server, string path)
    {
        using var response = await http.GetAsync(new Uri(server, path));
        return response.StatusCode;
    }

    private static async Task<bool> TryRegisterAsync(Registration.RegistrationClient client, string code, string name, List<string> acknowledged)
    {
        try
        {
            await client.RegisterAsync(new RegisterRequest { FirstName = name, LastName = code, Code = code });
            acknowledged.Add(code);
            return true;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable)
        {
            return false;
        }
    }

}
