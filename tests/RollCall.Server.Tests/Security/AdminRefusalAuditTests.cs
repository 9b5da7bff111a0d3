using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RollCall.Server.Application;
using RollCall.Testing;

namespace RollCall.Server.Tests.Security;

/// <summary>Refusals for too many wrong admin tokens: a bounded number of audit lines per window, whoever sends them.</summary>
public sealed class AdminRefusalAuditTests
{
    private static (AdminRefusalAudit Audit, LogCapture Log, FakeTimeProvider Time) Create()
    {
        var log = new LogCapture();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z", CultureInfo.InvariantCulture));
        var loggers = LoggerFactory.Create(builder => builder.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        var options = Options.Create(new RateLimitOptions { WindowSeconds = 60, AdminGlobalFailures = 100 });
        return (new AdminRefusalAudit(new AuditLog(loggers), time, options), log, time);
    }

    [Fact]
    public void ABotnetGetsOneLinePerAddressUpToTheCapThenTheRestAreCountedTogether()
    {
        var (audit, log, time) = Create();
        using var _ = audit;

        for (var i = 0; i < AdminRefusalAudit.MaxClients + 500; i++)
        {
            var client = $"2001:db8:{i / 256:x}:{i % 256:x}::/64";
            audit.Refused("/rollcall.v1.Admin/GetCodeStats", client, serverWide: false);
            audit.Refused("/rollcall.v1.Admin/GetCodeStats", client, serverWide: false);
        }

        // One line per followed address, one for the first address beyond the cap.
        Assert.Equal(AdminRefusalAudit.MaxClients + 1, log.Events.Count(e => e.EventId.Name == "AdminAuthRateLimited"));
        time.Advance(TimeSpan.FromSeconds(60));
        var others = Assert.Single(log.Events, e => e.EventId.Name == "AdminAuthRefusalsSummarized" && e.Message.Contains(AdminRefusalAudit.OtherClients));
        Assert.Equal("999", others.Values.Single(v => v.Key == "Count").Value);
        Assert.Equal(AdminRefusalAudit.MaxClients + 1, log.Events.Count(e => e.EventId.Name == "AdminAuthRefusalsSummarized"));
    }

    [Fact]
    public void RefusalsByTheServerWideBudgetAreOneStreamLoggedOncePerWindow()
    {
        var (audit, log, time) = Create();
        using var _ = audit;

        for (var i = 0; i < 300; i++)
        {
            audit.Refused("/rollcall.v1.Admin/GetCodeStats", $"198.51.100.{i % 200}", serverWide: true);
        }

        Assert.Single(log.Events, e => e.EventId.Name == "AdminAuthServerWideLimited");
        Assert.DoesNotContain(log.Events, e => e.EventId.Name == "AdminAuthRateLimited");
        time.Advance(TimeSpan.FromSeconds(60));
        var summary = Assert.Single(log.Events, e => e.EventId.Name == "AdminAuthRefusalsSummarized");
        Assert.Equal("299", summary.Values.Single(v => v.Key == "Count").Value);

        // A new window logs its first refusal again.
        audit.Refused("/rollcall.v1.Admin/GetCodeStats", "198.51.100.1", serverWide: true);
        Assert.Equal(2, log.Events.Count(e => e.EventId.Name == "AdminAuthServerWideLimited"));
    }
}
