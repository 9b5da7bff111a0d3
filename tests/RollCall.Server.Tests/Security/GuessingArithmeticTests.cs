using System.Globalization;
using System.Text.RegularExpressions;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Hosting;
using RollCall.Server.Http;
using RollCall.Testing;

namespace RollCall.Server.Tests.Security;

/// <summary>The guessing table in SECURITY.md is recomputed here from the formula and the real defaults.</summary>
public sealed partial class GuessingArithmeticTests
{
    [Fact]
    public void TheDefaultsTheTableAssumesAreTheDefaultsInCode()
    {
        var options = new RateLimitOptions();
        Assert.Equal((10, 1000, 60, 60, 10, 100), (options.FailuresPerAddress, options.GlobalFailures, options.WindowSeconds, options.GlobalPauseSeconds, options.AdminFailuresPerAddress, options.AdminGlobalFailures));
        var limits = new LimitsOptions();
        var streams = new StreamLimitOptions();
        Assert.Equal((32 * 1024, 64, 100, 10), (limits.MaxRequestHeadersTotalBytes, limits.MaxRequestHeaderCount, limits.MaxStreamsPerConnection, limits.ShutdownTimeoutSeconds));
        // 0: sized at start-up from the descriptor limit (VenueLimitsTests checks the sizing).
        Assert.Equal((0, 0, 0), (limits.MaxConcurrentConnections, limits.ConnectionsReservedForRequests, limits.MaxConnectionsPerAddress));
        Assert.Equal((5_000, 10 * 1024, 128L * 1024 * 1024, 13_107), (streams.MaxWatchersPerAddress, streams.BytesPerLiveStream, streams.LiveStreamMemoryBytes, streams.GlobalLimit));
        Assert.Equal((30, 10, 240), (limits.KeepAliveTimeoutSeconds, limits.RequestHeadersTimeoutSeconds, limits.MinRequestBodyBytesPerSecond));
        Assert.Equal(64, options.Ipv6PrefixLength);
        Assert.Equal(64 * 1024, new HttpOptions().MaxRequestBodyBytes);
    }

    [Fact]
    public void EveryRowOfTheSecurityMdTableMatchesTheFormula()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "SECURITY.md"));
        var table = text[text.IndexOf("<!-- guessing-table -->", StringComparison.Ordinal)..text.IndexOf("<!-- /guessing-table -->", StringComparison.Ordinal)];
        var rows = table.Split('\n').Where(l => l.StartsWith("| ") && char.IsDigit(l[2])).ToList();
        Assert.True(rows.Count >= 6);
        var defaults = new RateLimitOptions();
        foreach (var row in rows)
        {
            var cells = row.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            var digits = cells[0].StartsWith("2016", StringComparison.Ordinal) ? 0 : int.Parse(cells[0], CultureInfo.InvariantCulture);
            var space = new CodeGenerator(digits).SpaceSize;
            var outstanding = Number(cells[1]);
            var addresses = cells[2] == "no limits" ? double.PositiveInfinity : Number(cells[2]);
            var perMinute = double.IsPositiveInfinity(addresses) ? 600_000 : Math.Min(addresses * defaults.FailuresPerAddress, defaults.GlobalFailures);
            Assert.Equal(perMinute, Number(cells[3]));
            var expectedMinutes = space / outstanding / perMinute;
            Assert.InRange(Minutes(cells[4]), expectedMinutes * 0.95, expectedMinutes * 1.05);
        }
    }

    private static double Number(string cell) => double.Parse(cell.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static double Minutes(string cell)
    {
        var match = DurationPattern().Match(cell);
        Assert.True(match.Success, cell);
        var value = Number(match.Groups[1].Value);
        return match.Groups[2].Value switch
        {
            "s" => value / 60,
            "min" => value,
            "h" => value * 60,
            "days" => value * 60 * 24,
            _ => value * 60 * 24 * 365.25,
        };
    }

    [GeneratedRegex(@"([0-9][0-9,.]*) (s|min|h|days|years)")]
    private static partial Regex DurationPattern();
}
