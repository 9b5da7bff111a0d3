using Microsoft.Extensions.Logging;
using RollCall.Server.Application;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>The audit log records who did what, in its own category, without secrets.</summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task IssuingRedeemingAndRevokingAreAuditedWithoutAnyFullCodeOrToken()
    {
        var log = new LogCapture();
        await using var app = new RollCallApplication(configureServices: log.AddTo);
        var channel = app.CreateChannel();
        var admin = new Admin.AdminClient(channel);
        var issued = await admin.IssueCodesAsync(new IssueCodesRequest { Count = 50, Label = "speakers" }, app.AdminHeaders);
        var codes = issued.Codes.Select(c => c.Code).ToList();
        var registered = await new Registration.RegistrationClient(channel).RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "L", Code = codes[0] });
        await admin.RevokeCodeAsync(new RevokeCodeRequest { Code = codes[1] }, app.AdminHeaders);
        var token = (await admin.CreateAdminTokenAsync(new CreateAdminTokenRequest { Name = "door" }, app.AdminHeaders)).Token;
        var rotated = (await admin.RotateAdminTokenAsync(new RotateAdminTokenRequest(), AdminCalls.Bearer(token))).Token;
        await new RollCall.Legacy.RegisterService.RegisterServiceClient(channel).GetCodeAsync(new RollCall.Legacy.CodeRequest(), AdminCalls.Bearer(rotated));

        var audit = log.Events.Where(e => e.Category == AuditLog.Category).ToList();
        var issuedEvent = audit.First(e => e.EventId.Id == 1001);
        Assert.Equal("Issued 50 codes for event 'default' (label 'speakers', expiry ) with admin token 'bootstrap'", issuedEvent.Message);
        Assert.Contains(audit, e => e.EventId.Id == 1001 && e.Message.StartsWith("Issued 1 codes") && e.Message.EndsWith("'door'"));
        Assert.Equal($"Registered attendee #{registered.Attendant.Number} with code {AuditLog.Mask(long.Parse(codes[0]))} from 127.0.0.1", audit.Single(e => e.EventId.Id == 1003).Message);
        Assert.Contains(audit, e => e.EventId.Id == 1002 && e.Message.Contains(AuditLog.Mask(long.Parse(codes[1]))));
        Assert.Contains(audit, e => e.EventId.Id == 1030 && e.Message.Contains("'door'"));
        Assert.Contains(audit, e => e.EventId.Id == 1031 && e.Message == "Rotated admin token 'door' with admin token 'door'");
        Assert.Contains(audit, e => e.EventId.Id == 1033 && e.Message.Contains(app.DataDirectory.File("admin-token")));
        Assert.All(audit, e => Assert.True(e.Level >= LogLevel.Information));
        var everything = log.AllText;
        Assert.All(codes, code => Assert.DoesNotContain(code, everything));
        Assert.DoesNotContain(app.AdminToken, everything);
        Assert.DoesNotContain(token, everything);
        Assert.DoesNotContain(rotated, everything);
    }

    [Theory]
    [InlineData(979509393L, "*******93")]
    [InlineData(42L, "**")]
    [InlineData(123456789012345678L, "****************78")]
    public void MaskingKeepsOnlyTheLastTwoDigits(long code, string masked) => Assert.Equal(masked, AuditLog.Mask(code));
}
