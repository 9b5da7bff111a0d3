using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using RollCall.V1;

namespace RollCall.Server.Tests.Hosting;

/// <summary>
/// A bounded stream of registrations against a server process: a few workers take fresh codes
/// from a queue (each code is tried once) and record every registration the server acknowledged.
/// Workers stop at the first failed call, as a client whose server went away would.
/// </summary>
internal sealed class RegistrationLoad(ConcurrentQueue<string> codes, int workers = 4)
{
    private readonly ConcurrentDictionary<string, long> _acknowledged = new();
    private int _failed;

    /// <summary>Code → registration number of every acknowledged registration.</summary>
    public IReadOnlyDictionary<string, long> Acknowledged => _acknowledged;

    /// <summary>Calls that failed (the server stopped or died under them).</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Runs until the codes run out, a call fails, or <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(GrpcChannel channel, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var client = new Registration.RegistrationClient(channel);
            while (!cancellationToken.IsCancellationRequested && codes.TryDequeue(out var code))
            {
                try
                {
                    var response = await client.RegisterAsync(
                        new RegisterRequest { FirstName = "Load", LastName = code, Code = code },
                        deadline: DateTime.UtcNow.AddSeconds(30),
                        cancellationToken: CancellationToken.None);
                    Assert.True(_acknowledged.TryAdd(code, response.Attendant.Number));
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref _failed);
                    return;
                }
            }
        })));

    /// <summary>Every registration a restarted server lists, by code (the last name carries the code).</summary>
    public static async Task<List<Attendant>> ListAllAsync(GrpcChannel channel)
    {
        var client = new Registration.RegistrationClient(channel);
        var all = new List<Attendant>();
        var request = new ListAttendantsRequest { PageSize = 1000 };
        do
        {
            var page = await client.ListAttendantsAsync(request);
            all.AddRange(page.Attendants);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    /// <summary>Asserts every acknowledged registration is present with its number, and no code registered twice.</summary>
    public static void AssertNothingLost(IReadOnlyDictionary<string, long> acknowledged, List<Attendant> present)
    {
        Assert.Equal(present.Count, present.Select(a => a.LastName).Distinct().Count());
        Assert.Equal(present.Count, present.Select(a => a.Number).Distinct().Count());
        var byCode = present.ToDictionary(a => a.LastName, a => a.Number);
        foreach (var (code, number) in acknowledged)
        {
            Assert.True(byCode.TryGetValue(code, out var found), $"acknowledged registration with code {code} is missing");
            Assert.Equal(number, found);
        }
    }

    /// <summary>Runs SQLite's own consistency check on a database no process has open.</summary>
    public static async Task<string> IntegrityCheckAsync(string dataDirectory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "rollcall.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
