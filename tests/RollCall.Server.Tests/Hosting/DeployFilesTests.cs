using System.Net;
using System.Text.RegularExpressions;
using RollCall.Server.Hosting;
using RollCall.Server.Http;
using RollCall.Testing;

namespace RollCall.Server.Tests.Hosting;

/// <summary>
/// The shipped systemd unit and nginx configuration agree: the server listens where nginx sends
/// requests, believes nginx's forwarded headers, nginx sends them on every route, and /metrics is
/// kept internal whatever its case.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string _unit = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "rollcall-server.service"));
    private static readonly string _nginx = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "nginx", "rollcall.conf"));

    [Fact]
    public void TheUnitPassesOnlyFlagsTheServerKnows()
    {
        var known = ServerCommandLine.Settings.Select(s => s.Flag).ToHashSet();

        Assert.All(ExecStartFlags().Keys, flag => Assert.Contains(flag, known));
    }

    [Fact]
    public void TheUnitListensOnLoopbackExactlyWhereNginxsUpstreamsPoint()
    {
        var flags = ExecStartFlags();
        var web = new Uri(flags["--web-url"]);
        var grpc = new Uri(flags["--grpc-url"]);

        Assert.True(IPAddress.Parse(web.Host).Equals(IPAddress.Loopback), web.ToString());
        Assert.True(IPAddress.Parse(grpc.Host).Equals(IPAddress.Loopback), grpc.ToString());
        Assert.Equal(web.Authority, Upstream("rollcall_web"));
        Assert.Equal(grpc.Authority, Upstream("rollcall_grpc"));
    }

    [Fact]
    public void TheUnitTrustsTheAddressNginxConnectsFrom()
    {
        // nginx reaches a loopback upstream from 127.0.0.1.
        var (proxies, networks) = ClientAddress.ParseTrustedProxies(ExecStartFlags()["--trusted-proxy"]);

        Assert.True(proxies.Contains(IPAddress.Loopback) || networks.Exists(n => n.Contains(IPAddress.Loopback)));
    }

    [Fact]
    public void EveryNginxRouteSendsTheClientsAddressAndScheme()
    {
        var routes = Locations().Where(l => l.Body.Contains("proxy_pass", StringComparison.Ordinal) || l.Body.Contains("grpc_pass", StringComparison.Ordinal)).ToList();

        Assert.True(routes.Count >= 4, $"Only {routes.Count} routes found.");
        Assert.All(routes, route =>
        {
            var directive = route.Body.Contains("grpc_pass", StringComparison.Ordinal) ? "grpc_set_header" : "proxy_set_header";
            Assert.Contains($"{directive} X-Forwarded-For $proxy_add_x_forwarded_for;", route.Body);
            Assert.Contains($"{directive} X-Forwarded-Proto $scheme;", route.Body);
        });
    }

    [Fact]
    public void NginxKeepsMetricsInternalWhateverTheCaseOfThePath()
    {
        var metrics = Assert.Single(Locations(), l => l.Match.Contains("metrics", StringComparison.OrdinalIgnoreCase));
        var parts = metrics.Match.Split(' ', 2);

        Assert.Equal("~*", parts[0]);
        Assert.All(new[] { "/metrics", "/METRICS", "/Metrics" }, path => Assert.Matches(new Regex(parts[1], RegexOptions.IgnoreCase), path));
        Assert.Contains("deny all;", metrics.Body);
    }

    [Fact]
    public void NginxLogsPathsWithoutQueryStringsOrReferersSoVoucherCodesStayOutOfTheAccessLog()
    {
        var format = Assert.Single(LogFormatPattern().Matches(_nginx));
        var text = format.Groups[2].Value;
        var servers = _nginx.Split("server {", StringSplitOptions.None).Skip(1).ToList();

        Assert.Contains("$uri", text);
        Assert.All(new[] { "$request ", "$request\"", "$request_uri", "$args", "$query_string", "$http_referer", "$arg_" }, leak => Assert.DoesNotContain(leak, text));
        Assert.Equal(2, servers.Count);
        Assert.All(servers, server => Assert.Matches($@"access_log\s+\S+\s+{format.Groups[1].Value};", server));
    }

    private static Dictionary<string, string> ExecStartFlags()
    {
        var joined = _unit.Replace("\\\n", " ", StringComparison.Ordinal);
        var line = joined.Split('\n').Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        var words = line["ExecStart=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        var flags = new Dictionary<string, string>();
        for (var i = 0; i < words.Length; i += 2)
        {
            Assert.StartsWith("--", words[i]);
            flags[words[i]] = words[i + 1];
        }

        return flags;
    }

    private static string Upstream(string name) => Assert.Single(UpstreamPattern().Matches(_nginx), m => m.Groups[1].Value == name).Groups[2].Value;

    private static List<(string Match, string Body)> Locations()
    {
        var found = new List<(string, string)>();
        foreach (Match location in LocationPattern().Matches(_nginx))
        {
            var start = location.Index + location.Length;
            var depth = 1;
            var end = start;
            while (depth > 0)
            {
                depth += _nginx[end] switch { '{' => 1, '}' => -1, _ => 0 };
                end++;
            }

            found.Add((location.Groups[1].Value.Trim(), _nginx[start..(end - 1)]));
        }

        return found;
    }

    [GeneratedRegex(@"^\s*location\s+([^{]+)\{", RegexOptions.Multiline)]
    private static partial Regex LocationPattern();

    [GeneratedRegex(@"log_format\s+(\w+)\s+((?:'[^']*'\s*)+);")]
    private static partial Regex LogFormatPattern();

    [GeneratedRegex(@"upstream\s+(\w+)\s*\{\s*server\s+([^;\s]+);")]
    private static partial Regex UpstreamPattern();
}
