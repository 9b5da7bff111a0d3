using System.Text.Json;
using RollCall.Testing;

namespace RollCall.Cli.Tests;

/// <summary><c>rollcall event ...</c> and <c>--event</c> against a real server on loopback.</summary>
public sealed class EventCommandTests : ServerTestBase
{
    [Fact]
    public async Task AnOrganizerCreatesEventsListsThemAndSwitchesTheCurrentOne()
    {
        var (createExit, created, _) = await RunAsync($"event create golang-2026-12 --title \"Golang Medellín, December\" --language es --token {App.AdminToken}");
        await RunAsync($"event create golang-2027-01 --title \"Golang Medellín, January\" --token {App.AdminToken}");
        var (_, current, _) = await RunAsync($"event current --token {App.AdminToken}");
        var (switchExit, switched, _) = await RunAsync($"event current golang-2027-01 --token {App.AdminToken}");
        var (_, json, _) = await RunAsync($"event list --format json --token {App.AdminToken}");

        Assert.Equal((0, "Created golang-2026-12 (Golang Medellín, December)."), (createExit, created.Trim()));
        Assert.Equal("golang-2026-12", current.Trim());
        Assert.Equal((0, "golang-2027-01 (Golang Medellín, January) is now current."), (switchExit, switched.Trim()));
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(["golang-2027-01", "golang-2026-12", "default"], rows.Select(r => r.GetProperty("slug").GetString()));
        Assert.True(rows[0].GetProperty("current").GetBoolean());
        Assert.Equal("es", rows[1].GetProperty("language").GetString());
    }

    [Fact]
    public async Task TheEventOptionMintsListsCountsAndExportsForThatEventOnly()
    {
        await RunAsync($"event create november --title November --token {App.AdminToken}");
        await RunAsync($"event create december --title December --token {App.AdminToken}");
        var (_, decemberCodes, _) = await RunAsync($"code --count 2 --event december --token {App.AdminToken}");
        var (_, novemberCode, _) = await RunAsync($"code --token {App.AdminToken}");
        var codes = decemberCodes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await RunAsync($"register --first Grace --last Hopper --code {codes[0]}");
        await RunAsync($"register --first Ada --last Lovelace --code {novemberCode.Trim()}");

        var (_, december, _) = await RunAsync($"status --event december --token {App.AdminToken}");
        var (_, november, _) = await RunAsync($"status --token {App.AdminToken}");
        var (_, listed, _) = await RunAsync($"admin codes --event december --format json --token {App.AdminToken}");
        var (_, exported, _) = await RunAsync($"export --event december --token {App.AdminToken}");
        var (unknownExit, _, unknown) = await RunAsync($"status --event nope");
        var (legacyExit, _, legacy) = await RunAsync($"status --legacy --event december");

        Assert.Contains("Attendants: 1", december);
        Assert.Contains("Grace Hopper", december);
        Assert.DoesNotContain("Ada", december);
        Assert.Contains("Ada Lovelace", november);
        Assert.Equal(codes, JsonDocument.Parse(listed).RootElement.EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.Contains("Grace", exported);
        Assert.DoesNotContain("Ada", exported);
        Assert.NotEqual(0, unknownExit);
        Assert.Contains("There is no event 'nope'.", unknown);
        Assert.NotEqual(0, legacyExit);
        Assert.Contains("--event does not go with --legacy", legacy);
    }

    [Fact]
    public async Task ClosingReopeningArchivingAndForgettingSayWhatTheyDid()
    {
        await RunAsync($"event create meetup --title Meetup --token {App.AdminToken}");
        await RunAsync($"event create next --title Next --token {App.AdminToken}");
        var code = (await AdminCalls.MintAsync(App.CreateChannel(), App.AdminToken, 1))[0];
        await RunAsync($"register --first Ada --last Lovelace --code {code}");

        var (_, closed, _) = await RunAsync($"event close meetup --token {App.AdminToken}");
        var (_, reopened, _) = await RunAsync($"event reopen meetup --token {App.AdminToken}");
        var (unconfirmedExit, _, unconfirmed) = await RunAsync($"event forget meetup --token {App.AdminToken}");
        var (_, forgotten, _) = await RunAsync($"event forget meetup --yes --token {App.AdminToken}");
        var (_, archived, _) = await RunAsync($"event archive next --token {App.AdminToken}");
        var (_, shown, _) = await RunAsync($"event show meetup --token {App.AdminToken}");

        Assert.Equal("meetup (Meetup): closed.", closed.Trim());
        Assert.Equal("meetup (Meetup): open.", reopened.Trim());
        Assert.NotEqual(0, unconfirmedExit);
        Assert.Contains("--yes", unconfirmed);
        Assert.Equal("Forgot the names of 1 attendee of meetup (Meetup).", forgotten.Trim());
        Assert.Equal("next (Next): archived.", archived.Trim());
        Assert.Contains("attendees:     1", shown);
        Assert.Contains("forget names:  forgotten", shown);
    }
}
