using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Api;

/// <summary>A series of events on one server, end to end through gRPC and the 2016 form.</summary>
public sealed class EventsApiTests
{
    [Fact]
    public async Task AFreshServerHasTheEventDefaultAndTheFirstEventCreatedBecomesCurrent()
    {
        await using var app = new RollCallApplication();
        var events = new Events.EventsClient(app.CreateChannel());

        var before = await events.GetEventAsync(new GetEventRequest(), app.AdminHeaders);
        var created = await CreateAsync(app, "golang-2026-12", "Golang Medellín, December");
        var second = await CreateAsync(app, "golang-2027-01", "Golang Medellín, January");
        var current = await events.GetEventAsync(new GetEventRequest(), app.AdminHeaders);

        Assert.Equal(("default", "RollCall", true), (before.Event.Slug, before.Event.Title, before.Event.Current));
        Assert.True(created.Current);
        Assert.False(second.Current);
        Assert.Equal("golang-2026-12", current.Event.Slug);
        Assert.Equal(30, created.ForgetAfterDays);
        Assert.Equal(EventState.Open, created.State);
    }

    [Fact]
    public async Task CodesBelongToTheirEventAndTheCodeAloneDecidesWhereItRegisters()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "november", "November");
        await CreateAsync(app, "december", "December");
        var admin = new Admin.AdminClient(app.CreateChannel());
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        var november = (await admin.IssueCodesAsync(new IssueCodesRequest { Count = 2, Event = "november" }, app.AdminHeaders)).Codes;
        var december = (await admin.IssueCodesAsync(new IssueCodesRequest { Count = 1, Event = "december" }, app.AdminHeaders)).Codes;

        var ada = await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = november[0].Code });
        var grace = await registration.RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = december[0].Code });
        var alan = await registration.RegisterAsync(new RegisterRequest { FirstName = "Alan", LastName = "Turing", Code = november[1].Code });
        var novemberStatus = await registration.GetStatusAsync(new GetStatusRequest { Event = "november" });
        var decemberStatus = await registration.GetStatusAsync(new GetStatusRequest { Event = "december" });
        var decemberStats = await admin.GetCodeStatsAsync(new GetCodeStatsRequest { Event = "december" }, app.AdminHeaders);

        Assert.Equal(["november", "november"], november.Select(c => c.Event));
        Assert.Equal(("november", 1L), (ada.Event.Slug, ada.Attendant.Number));
        Assert.Equal(("december", 1L), (grace.Event.Slug, grace.Attendant.Number));
        Assert.Equal(("november", 2L), (alan.Event.Slug, alan.Attendant.Number));
        Assert.Equal((2, 2L, "November"), (novemberStatus.Count, novemberStatus.Version, novemberStatus.Event.Title));
        Assert.Equal(["Grace"], decemberStatus.RecentAttendants.Select(a => a.FirstName));
        Assert.Equal((1L, 1L), (decemberStats.Issued, decemberStats.Redeemed));
    }

    [Fact]
    public async Task AClosedEventRefusesItsCodesOverV1AndThe2016FormNamingTheEvent()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "golang-2026-12", "Golang Medellín, December");
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 2);
        var events = new Events.EventsClient(app.CreateChannel());
        var closed = (await events.CloseEventAsync(new CloseEventRequest { Event = "golang-2026-12" }, app.AdminHeaders)).Event;
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        using var http = app.CreateClient();

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[0] }));
        var data = "data=" + Uri.EscapeDataString(JsonSerializer.Serialize(new { firstName = "Ada", lastName = "Lovelace", code = codes[1] }));
        using var form = await http.PostAsync("/register", new StringContent(data, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        var mint = await Assert.ThrowsAsync<RpcException>(async () => await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1));
        await events.ReopenEventAsync(new ReopenEventRequest { Event = "golang-2026-12" }, app.AdminHeaders);
        var reopened = await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[0] });

        Assert.Equal(EventState.Closed, closed.State);
        Assert.Equal((StatusCode.FailedPrecondition, "Registration for Golang Medellín, December is closed."), (refused.StatusCode, refused.Status.Detail));
        Assert.Equal("Registration for Golang Medellín, December is closed.", JsonSerializer.Deserialize<string>(await form.Content.ReadAsStringAsync()));
        Assert.Equal(StatusCode.FailedPrecondition, mint.StatusCode);
        Assert.Equal(1, reopened.Attendant.Number);
    }

    [Fact]
    public async Task AnUnknownEventIsNotFoundAndBadFieldsAreInvalidArguments()
    {
        await using var app = new RollCallApplication();
        var events = new Events.EventsClient(app.CreateChannel());
        var registration = new Registration.RegistrationClient(app.CreateChannel());

        var status = await Assert.ThrowsAsync<RpcException>(async () => await registration.GetStatusAsync(new GetStatusRequest { Event = "nope" }));
        var badSlug = await Assert.ThrowsAsync<RpcException>(async () => await CreateAsync(app, "Not A Slug", "Title"));
        var badTitle = await Assert.ThrowsAsync<RpcException>(async () => await CreateAsync(app, "ok", " "));
        var badLanguage = await Assert.ThrowsAsync<RpcException>(async () =>
            await events.CreateEventAsync(new CreateEventRequest { Event = new Event { Slug = "ok", Title = "Ok", Language = "fr" } }, app.AdminHeaders));
        await CreateAsync(app, "ok", "Ok");
        var taken = await Assert.ThrowsAsync<RpcException>(async () => await CreateAsync(app, "ok", "Again"));
        var archiveCurrent = await Assert.ThrowsAsync<RpcException>(async () =>
            await events.ArchiveEventAsync(new ArchiveEventRequest { Event = "ok" }, app.AdminHeaders));
        var anonymous = await Assert.ThrowsAsync<RpcException>(async () => await events.ListEventsAsync(new ListEventsRequest()));

        Assert.Equal((StatusCode.NotFound, "There is no event 'nope'."), (status.StatusCode, status.Status.Detail));
        Assert.Equal(StatusCode.InvalidArgument, badSlug.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badTitle.StatusCode);
        Assert.Equal((StatusCode.InvalidArgument, "language must be one of en, es."), (badLanguage.StatusCode, badLanguage.Status.Detail));
        Assert.Equal(StatusCode.AlreadyExists, taken.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, archiveCurrent.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task EventsAreListedNewestFirstPageByPageWithTheirCountsAndArchivedOnesOnRequest()
    {
        await using var app = new RollCallApplication();
        for (var i = 1; i <= 5; i++)
        {
            await CreateAsync(app, $"meetup-{i}", $"Meetup {i}");
        }

        var events = new Events.EventsClient(app.CreateChannel());
        await events.ArchiveEventAsync(new ArchiveEventRequest { Event = "meetup-3" }, app.AdminHeaders);
        await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 4);
        var slugs = new List<string>();
        var request = new ListEventsRequest { PageSize = 2 };
        do
        {
            var page = await events.ListEventsAsync(request, app.AdminHeaders);
            slugs.AddRange(page.Events.Select(e => e.Slug));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        var all = await events.ListEventsAsync(new ListEventsRequest { ShowArchived = true, PageSize = 100 }, app.AdminHeaders);

        Assert.Equal(["meetup-5", "meetup-4", "meetup-2", "meetup-1", "default"], slugs);
        Assert.Contains("meetup-3", all.Events.Select(e => e.Slug));
        Assert.Equal(4, all.Events.Single(e => e.Slug == "meetup-1").Counts.CodesIssued);
    }

    [Fact]
    public async Task UpdateChangesOnlyTheFieldsTheMaskNames()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "golang", "Golang");
        var events = new Events.EventsClient(app.CreateChannel());

        var updated = (await events.UpdateEventAsync(
            new UpdateEventRequest
            {
                Event = new Event { Slug = "golang", Title = "Golang Medellín", Language = "es", ForgetAfterDays = 7 },
                UpdateMask = FieldMask.FromString("title,language"),
            },
            app.AdminHeaders)).Event;
        var badMask = await Assert.ThrowsAsync<RpcException>(async () => await events.UpdateEventAsync(
            new UpdateEventRequest { Event = new Event { Slug = "golang" }, UpdateMask = FieldMask.FromString("slug") }, app.AdminHeaders));

        Assert.Equal(("Golang Medellín", "es", 30), (updated.Title, updated.Language, updated.ForgetAfterDays));
        Assert.Equal(StatusCode.InvalidArgument, badMask.StatusCode);
    }

    [Fact]
    public async Task TheOldClientsAndUnnamedCallsFollowTheCurrentEventWhenTheOrganizerSwitches()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "first", "First");
        await CreateAsync(app, "second", "Second");
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1);
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[0] });
        var legacy = new RollCall.Legacy.RegisterService.RegisterServiceClient(app.CreateChannel());

        var firstStatus = await legacy.GetStatusAsync(new RollCall.Legacy.StatusRequest());
        await new Events.EventsClient(app.CreateChannel()).SetCurrentEventAsync(new SetCurrentEventRequest { Event = "second" }, app.AdminHeaders);
        var secondStatus = await legacy.GetStatusAsync(new RollCall.Legacy.StatusRequest());
        var minted = await legacy.GetCodeAsync(new RollCall.Legacy.CodeRequest(), app.AdminHeaders);
        var v1 = await registration.GetStatusAsync(new GetStatusRequest());
        var secondCodes = await new Admin.AdminClient(app.CreateChannel()).ListCodesAsync(new ListCodesRequest { Event = "second" }, app.AdminHeaders);

        Assert.Equal(1, firstStatus.AppData.Counter);
        Assert.Equal(0, secondStatus.AppData.Counter);
        Assert.Equal(("second", 0), (v1.Event.Slug, v1.Count));
        Assert.Equal([minted.Code], secondCodes.Codes.Select(c => c.Code));
    }

    [Fact]
    public async Task AWatchThatFollowsTheCurrentEventGetsASnapshotOfTheNewEventWhenTheOrganizerSwitches()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "first", "First");
        await CreateAsync(app, "second", "Second");
        var secondCode = (await new Admin.AdminClient(app.CreateChannel())
            .IssueCodesAsync(new IssueCodesRequest { Count = 1, Event = "second" }, app.AdminHeaders)).Codes[0].Code;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var follow = new Registration.RegistrationClient(app.CreateChannel()).WatchStatus(new WatchStatusRequest(), cancellationToken: timeout.Token);
        using var pinned = new Registration.RegistrationClient(app.CreateChannel()).WatchStatus(new WatchStatusRequest { Event = "first" }, cancellationToken: timeout.Token);
        Assert.True(await follow.ResponseStream.MoveNext(timeout.Token));
        Assert.True(await pinned.ResponseStream.MoveNext(timeout.Token));
        var firstSnapshot = follow.ResponseStream.Current;

        await new Events.EventsClient(app.CreateChannel()).SetCurrentEventAsync(new SetCurrentEventRequest { Event = "second" }, app.AdminHeaders);
        Assert.True(await follow.ResponseStream.MoveNext(timeout.Token));
        var switched = follow.ResponseStream.Current;
        await new Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = secondCode });
        Assert.True(await follow.ResponseStream.MoveNext(timeout.Token));
        var registered = follow.ResponseStream.Current;
        var pinnedNext = pinned.ResponseStream.MoveNext(timeout.Token);

        Assert.Equal("first", firstSnapshot.Snapshot.Event.Slug);
        Assert.Equal(("second", "Second"), (switched.Snapshot.Event.Slug, switched.Snapshot.Event.Title));
        Assert.Equal(("Grace", 1), (registered.Registered.FirstName, registered.Count));
        Assert.False(pinnedNext.IsCompleted);
    }

    [Fact]
    public async Task ForgettingErasesTheNamesForGoodAndKeepsTheCountsNumbersAndTimes()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "meetup", "Meetup");
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 2);
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        foreach (var code in codes)
        {
            await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });
        }

        var response = await new Events.EventsClient(app.CreateChannel()).ForgetAttendeesAsync(new ForgetAttendeesRequest { Event = "meetup" }, app.AdminHeaders);
        var status = await registration.GetStatusAsync(new GetStatusRequest());
        var listed = await registration.ListAttendantsAsync(new ListAttendantsRequest(), app.AdminHeaders);

        Assert.Equal(2, response.Forgotten);
        Assert.NotNull(response.Event.NamesForgottenTime);
        Assert.Equal(2, status.Count);
        Assert.Equal([2L, 1L], status.RecentAttendants.Select(a => a.Number));
        Assert.All(listed.Attendants, a => Assert.Equal((string.Empty, string.Empty), (a.FirstName, a.LastName)));
        Assert.All(listed.Attendants, a => Assert.NotNull(a.RegisteredAt));
    }

    [Fact]
    public async Task NamesAreForgottenByThemselvesTheGivenDaysAfterTheEventEnds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T18:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = new RollCallApplication(time: time);
        var events = new Events.EventsClient(app.CreateChannel());
        await events.CreateEventAsync(
            new CreateEventRequest
            {
                Event = new Event { Slug = "meetup", Title = "Meetup", EndsAt = Timestamp.FromDateTimeOffset(time.GetUtcNow().AddHours(3)), ForgetAfterDays = 2 },
            },
            app.AdminHeaders);
        var code = (await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 1))[0];
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });

        time.Advance(TimeSpan.FromDays(2));
        var kept = await registration.GetStatusAsync(new GetStatusRequest());
        time.Advance(TimeSpan.FromHours(4));
        await Eventually.TrueAsync(async () => (await events.GetEventAsync(new GetEventRequest(), app.AdminHeaders)).Event.NamesForgottenTime is not null, TimeSpan.FromSeconds(30));
        var forgotten = await registration.GetStatusAsync(new GetStatusRequest());

        Assert.Equal("Ada", kept.RecentAttendants[0].FirstName);
        Assert.Equal((1, string.Empty), (forgotten.Count, forgotten.RecentAttendants[0].FirstName));
    }

    [Fact]
    public async Task AnUnknownEventInAnAddressIsA404ThroughJsonTranscoding()
    {
        await using var app = new RollCallApplication();
        using var http = app.CreateClient();

        using var known = await http.GetAsync("/api/v1/events/default/status");
        using var unknown = await http.GetAsync("/api/v1/events/nope/status");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task EventsCreatedAtOnceCanEachBeUsedTheMomentTheirCreationIsAnswered()
    {
        await using var app = new RollCallApplication();
        var admin = new Admin.AdminClient(app.CreateChannel());
        var refused = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForEachAsync(Enumerable.Range(1, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            await CreateAsync(app, $"meetup-{i}", $"Meetup {i}");
            try
            {
                await admin.IssueCodesAsync(new IssueCodesRequest { Count = 1, Event = $"meetup-{i}" }, app.AdminHeaders, cancellationToken: cancellationToken);
            }
            catch (RpcException exception)
            {
                refused.Add(exception.Status.Detail);
            }
        });
        var listed = await new Events.EventsClient(app.CreateChannel()).ListEventsAsync(new ListEventsRequest { PageSize = 1000 }, app.AdminHeaders);

        Assert.Empty(refused);
        Assert.Equal(201, listed.Events.Count);
    }

    [Fact]
    public async Task AClosedAndAnArchivedEventRefuseTheirCodesThroughEveryDoor()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "tonight", "Tonight");
        await CreateAsync(app, "closed", "Closed night");
        await CreateAsync(app, "archived", "Archived night");
        var admin = new Admin.AdminClient(app.CreateChannel());
        var events = new Events.EventsClient(app.CreateChannel());
        var registration = new Registration.RegistrationClient(app.CreateChannel());
        var codes = new Dictionary<string, List<string>>();
        foreach (var slug in new[] { "closed", "archived" })
        {
            codes[slug] = [.. (await admin.IssueCodesAsync(new IssueCodesRequest { Count = 5, Event = slug }, app.AdminHeaders)).Codes.Select(c => c.Code)];
        }

        await events.CloseEventAsync(new CloseEventRequest { Event = "closed" }, app.AdminHeaders);
        await events.ArchiveEventAsync(new ArchiveEventRequest { Event = "archived" }, app.AdminHeaders);
        using var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var (slug, title) in new[] { ("closed", "Closed night"), ("archived", "Archived night") })
        {
            var expected = $"Registration for {title} is closed.";
            var code = codes[slug];
            var grpc = await Assert.ThrowsAsync<RpcException>(async () =>
                await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code[0] }));
            using var json = await http.PostAsync("/api/v1/registrations", JsonBody(new { firstName = "Ada", lastName = "Lovelace", code = code[1] }));
            using var legacy = await http.PostAsync("/register", Form(new() { ["data"] = JsonSerializer.Serialize(new { firstName = "Ada", lastName = "Lovelace", code = code[2] }) }));
            using var scripted = new HttpRequestMessage(HttpMethod.Post, "/register") { Content = Form(new() { ["firstName"] = "Ada", ["lastName"] = "Lovelace", ["code"] = code[3] }) };
            scripted.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
            using var script = await http.SendAsync(scripted);
            using var plain = new HttpRequestMessage(HttpMethod.Post, "/register") { Content = Form(new() { ["firstName"] = "Ada", ["lastName"] = "Lovelace", ["code"] = code[4] }) };
            plain.Headers.Referrer = new Uri($"http://localhost/e/{slug}/");
            using var page = await http.SendAsync(plain);
            var pageAfter = await http.GetStringAsync(page.Headers.Location!.OriginalString.Split('#')[0]);
            var issue = await Assert.ThrowsAsync<RpcException>(async () =>
                await admin.IssueCodesAsync(new IssueCodesRequest { Count = 1, Event = slug }, app.AdminHeaders));
            var status = await registration.GetStatusAsync(new GetStatusRequest { Event = slug });

            Assert.Equal((StatusCode.FailedPrecondition, expected), (grpc.StatusCode, grpc.Status.Detail));
            Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
            Assert.Equal(expected, JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
            Assert.Equal(expected, JsonSerializer.Deserialize<string>(await legacy.Content.ReadAsStringAsync()));
            var scriptText = await script.Content.ReadAsStringAsync();
            Assert.True(scriptText.StartsWith('{'), $"{slug}: {script.StatusCode} {scriptText}");
            var answer = JsonDocument.Parse(scriptText).RootElement;
            Assert.Equal((false, expected), (answer.GetProperty("ok").GetBoolean(), answer.GetProperty("message").GetString()));
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith($"/e/{slug}/?result=", page.Headers.Location!.OriginalString);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(expected), pageAfter);
            Assert.Equal(StatusCode.FailedPrecondition, issue.StatusCode);
            Assert.Equal(0, status.Count);
        }

        await events.CloseEventAsync(new CloseEventRequest { Event = "tonight" }, app.AdminHeaders);
        var getCode = await Assert.ThrowsAsync<RpcException>(async () =>
            await new RollCall.Legacy.RegisterService.RegisterServiceClient(app.CreateChannel()).GetCodeAsync(new RollCall.Legacy.CodeRequest(), app.AdminHeaders));
        Assert.Equal(StatusCode.FailedPrecondition, getCode.StatusCode);
    }

    [Fact]
    public async Task UnknownDuplicateAndBadSlugsAndOversizeTitlesAreClearRefusalsOverGrpcAndJson()
    {
        await using var app = new RollCallApplication();
        await CreateAsync(app, "taken", "Taken");
        var events = new Events.EventsClient(app.CreateChannel());
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.AdminToken);
        var longTitle = new string('a', 201);
        var longSlug = new string('a', 65);

        var grpcTitle = await Assert.ThrowsAsync<RpcException>(async () => await CreateAsync(app, "long-title", longTitle));
        var grpcSlug = await Assert.ThrowsAsync<RpcException>(async () => await CreateAsync(app, longSlug, "Long slug"));
        var grpcUnknown = await Assert.ThrowsAsync<RpcException>(async () => await events.CloseEventAsync(new CloseEventRequest { Event = "nope" }, app.AdminHeaders));
        var grpcRename = await Assert.ThrowsAsync<RpcException>(async () => await events.UpdateEventAsync(
            new UpdateEventRequest { Event = new Event { Slug = "taken", Title = longTitle }, UpdateMask = FieldMask.FromString("title") }, app.AdminHeaders));
        using var jsonBadSlug = await http.PostAsync("/api/v1/events", JsonBody(new { @event = new { slug = "-bad-", title = "Bad" } }));
        using var jsonUpper = await http.PostAsync("/api/v1/events", JsonBody(new { @event = new { slug = "Upper", title = "Upper" } }));
        using var jsonTitle = await http.PostAsync("/api/v1/events", JsonBody(new { @event = new { slug = "long-title", title = longTitle } }));
        using var jsonTaken = await http.PostAsync("/api/v1/events", JsonBody(new { @event = new { slug = "taken", title = "Again" } }));
        using var jsonUnknown = await http.GetAsync("/api/v1/events/nope");
        using var jsonUnknownClose = await http.PostAsync("/api/v1/events/nope:close", JsonBody(new { }));
        using var jsonUnknownCodes = await http.PostAsync("/api/v1/events/nope/codes", JsonBody(new { count = 1 }));
        var atMost = await CreateAsync(app, "just-long-enough", new string('a', 200));

        Assert.Equal(StatusCode.InvalidArgument, grpcTitle.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, grpcSlug.StatusCode);
        Assert.Equal(StatusCode.NotFound, grpcUnknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, grpcRename.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, jsonBadSlug.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, jsonUpper.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, jsonTitle.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, jsonTaken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, jsonUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, jsonUnknownClose.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, jsonUnknownCodes.StatusCode);
        Assert.Equal(200, atMost.Title.Length);
    }

    private static StringContent JsonBody(object value) =>
        new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");

    private static FormUrlEncodedContent Form(Dictionary<string, string> fields) => new(fields);

    private static async Task<Event> CreateAsync(RollCallApplication app, string slug, string title) =>
        (await new Events.EventsClient(app.CreateChannel())
            .CreateEventAsync(new CreateEventRequest { Event = new Event { Slug = slug, Title = title } }, app.AdminHeaders)).Event;
}
