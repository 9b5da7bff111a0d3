using System.Net;
using RollCall.Testing;

namespace RollCall.Server.Tests.Web;

/// <summary>The committed bad-input corpus against a real server: every entry gets a 4xx or a gRPC error (never 5xx, UNKNOWN or INTERNAL), and the server stays up.</summary>
public sealed class BadInputCorpusTests(BadInputCorpusTests.Server server) : IClassFixture<BadInputCorpusTests.Server>
{
    private static readonly string _folder = Path.Combine(RepositoryPaths.Root, "tests", "RollCall.Server.Tests", "Corpus");

    public static TheoryData<string> Entries() => [.. EntryNames()];

    private static IEnumerable<string> EntryNames() => Directory.GetFiles(_folder, "*.request").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Entries))]
    public async Task EachCorpusEntryGetsAClientErrorAndTheServerStaysUp(string entry)
    {
        var request = CorpusRequest.Parse(Path.Combine(_folder, entry), server.App.AdminToken);

        var (status, grpcStatus) = await request.SendAsync(server.App.WebAddress!, server.App.GrpcAddress!);

        Assert.True(status < 500, $"{entry}: HTTP {status}");
        if (grpcStatus is not null || request.Http2)
        {
            Assert.True((status >= 400) || (grpcStatus is not null and not "0" and not "2" and not "13"), $"{entry}: HTTP {status}, grpc-status {grpcStatus}");
        }
        else
        {
            Assert.InRange(status, 400, 499);
        }

        if (request.Expect is { } expected)
        {
            Assert.Equal(expected, expected.StartsWith("grpc-") ? "grpc-" + grpcStatus : status.ToString());
        }

        using var health = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync(new Uri(server.App.WebAddress!, "/healthz"))).StatusCode);
    }

    [Fact]
    public void TheCorpusCoversEveryKindOfBadInput()
    {
        var names = EntryNames().ToList();
        foreach (var kind in new[] { "grpc-frame", "grpc-protobuf", "content-type", "invalid-utf8", "huge", "nested", "overlong", "control", "negative", "overflow", "traversal" })
        {
            Assert.Contains(names, n => n.Contains(kind));
        }
    }

    /// <summary>One real server for the whole corpus, with budgets high enough that no entry is merely rate-limited.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public RollCallApplication App { get; } = new(new Dictionary<string, string?>
        {
            ["RollCall:RateLimits:FailuresPerAddress"] = "100000",
            ["RollCall:RateLimits:AdminFailuresPerAddress"] = "100000",
            ["RollCall:RateLimits:AdminGlobalFailures"] = "0",
            ["RollCall:RateLimits:GlobalFailures"] = "0",
        });

        public Task InitializeAsync()
        {
            App.StartKestrel();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
