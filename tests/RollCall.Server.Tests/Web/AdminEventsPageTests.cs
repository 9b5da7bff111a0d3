using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Web;

/// <summary>The admin page's events: the table with turnout, creating, switching, closing, and minting and CSV per event.</summary>
public sealed class AdminEventsPageTests
{
    [Fact]
    public async Task AnOrganizerCreatesSwitchesAndClosesEventsAndMintsAndExportsPerEvent()
    {
        await using var app = new RollCallApplication();
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var created = await PostAsync(app, http, "/admin/events", new() { ["slug"] = "golang-2026-12", ["title"] = "Golang <Medellín>", ["language"] = "es", ["forgetAfterDays"] = "30" });
        using var second = await PostAsync(app, http, "/admin/events", new() { ["slug"] = "next", ["title"] = "Next", ["language"] = "en", ["forgetAfterDays"] = "" });
        using var taken = await PostAsync(app, http, "/admin/events", new() { ["slug"] = "next", ["title"] = "Again" });
        using var badSlug = await PostAsync(app, http, "/admin/events", new() { ["slug"] = "Not A Slug", ["title"] = "Bad" });
        using var minted = await PostAsync(app, http, "/admin/codes", new() { ["count"] = "3", ["event"] = "next" });
        using var switched = await PostAsync(app, http, "/admin/events/next/current", []);
        using var closed = await PostAsync(app, http, "/admin/events/golang-2026-12/close", []);
        using var unknown = await PostAsync(app, http, "/admin/events/nope/close", []);
        var dashboard = await GetAsync(app, http, "/admin?event=next");
        var csv = await GetAsync(app, http, "/admin/attendees.csv?event=next");
        var events = (await new Events.EventsClient(app.CreateChannel()).ListEventsAsync(new ListEventsRequest(), app.AdminHeaders)).Events;

        Assert.Equal((HttpStatusCode.Redirect, "/admin?event=golang-2026-12"), (created.StatusCode, created.Headers.Location?.OriginalString));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSlug.StatusCode);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Golang &lt;Medell", dashboard);
        Assert.Contains("0 of 3 codes", dashboard);
        Assert.Contains("href=\"/admin/attendees.csv?event=next\"", dashboard);
        Assert.StartsWith("number,first_name", csv);
        Assert.Equal(("next", true), (events.Single(e => e.Current).Slug, events.Single(e => e.Slug == "next").ForgetAfterDays is null));
        Assert.Equal(EventState.Closed, events.Single(e => e.Slug == "golang-2026-12").State);
        Assert.Equal("es", events.Single(e => e.Slug == "golang-2026-12").Language);
    }

    [Fact]
    public async Task AnOrganizerArchivesAnEventAndSetsItsForgettingAndPublicNamesOnTheAdminPage()
    {
        await using var app = new RollCallApplication();
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var created = await PostAsync(app, http, "/admin/events", new() { ["slug"] = "october", ["title"] = "October", ["forgetAfterDays"] = "30", ["publicNames"] = "" });
        using var next = await PostAsync(app, http, "/admin/events", new() { ["slug"] = "november", ["title"] = "November", ["forgetAfterDays"] = "30", ["publicNames"] = "false" });
        using var switched = await PostAsync(app, http, "/admin/events/november/current", []);

        var dashboard = await GetAsync(app, http, "/admin?event=october");
        using var settings = await PostAsync(app, http, "/admin/events/october/settings", new() { ["forgetAfterDays"] = "7", ["publicNames"] = "false" });
        using var badDays = await PostAsync(app, http, "/admin/events/october/settings", new() { ["forgetAfterDays"] = "soon", ["publicNames"] = "" });
        using var archiveCurrent = await PostAsync(app, http, "/admin/events/november/archive", []);
        using var archived = await PostAsync(app, http, "/admin/events/october/archive", []);
        var events = new Events.EventsClient(app.CreateChannel());
        var listed = (await events.ListEventsAsync(new ListEventsRequest(), app.AdminHeaders)).Events;
        var october = (await events.GetEventAsync(new GetEventRequest { Event = "october" }, app.AdminHeaders)).Event;
        var november = (await events.GetEventAsync(new GetEventRequest { Event = "november" }, app.AdminHeaders)).Event;
        var after = await GetAsync(app, http, "/admin?event=october");

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Contains("action=\"/admin/events/october/archive\"", dashboard);
        Assert.DoesNotContain("action=\"/admin/events/november/archive\"", dashboard);
        Assert.Contains("action=\"/admin/events/october/settings\"", dashboard);
        Assert.Equal((HttpStatusCode.Redirect, "/admin?event=october"), (settings.StatusCode, settings.Headers.Location?.OriginalString));
        Assert.Equal(HttpStatusCode.BadRequest, badDays.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, archiveCurrent.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, archived.StatusCode);
        Assert.DoesNotContain("october", listed.Select(e => e.Slug));
        Assert.Equal((EventState.Archived, 7, false), (october.State, october.ForgetAfterDays, october.PublicNames));
        Assert.False(november.PublicNames);
        Assert.DoesNotContain("action=\"/admin/events/october/archive\"", after);
        Assert.Contains("value=\"7\"", after);
    }

    private static async Task<HttpResponseMessage> PostAsync(RollCallApplication app, HttpClient http, string path, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        return await http.SendAsync(request);
    }

    private static async Task<string> GetAsync(RollCallApplication app, HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
