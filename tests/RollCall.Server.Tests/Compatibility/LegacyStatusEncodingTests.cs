using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using RollCall.Legacy;
using RollCall.Server.FastPath;
using RollCall.Server.Grpc;
using RollCall.Server.Live;
using RollCall.Testing;
using Attendant = RollCall.Server.Domain.Attendant;

namespace RollCall.Server.Tests.Compatibility;

/// <summary>
/// The pre-encoded 2016 status must be exactly what Google.Protobuf writes for the same status,
/// however the encoder got there: from scratch, by appending, for an older snapshot, after a cancellation.
/// </summary>
public sealed class LegacyStatusEncodingTests
{
    private static readonly DateTimeOffset _at = new(2016, 5, 26, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AnEmptyStatusIsTheSameBytesAsGoogleProtobufWrites()
    {
        await AssertSameAsProtobuf(new StatusSnapshot(0, AttendantRoll.Empty), Encoder(), publicNames: true);
    }

    [Fact]
    public async Task OneAttendeeIsTheSameBytesAsGoogleProtobufWrites()
    {
        await AssertSameAsProtobuf(new StatusSnapshot(1, Roll(1)), Encoder(), publicNames: true);
    }

    [Fact]
    public async Task ManyAttendeesWithLongAndUnicodeNamesAreTheSameBytesAsGoogleProtobufWrites()
    {
        var roll = AttendantRoll.Empty;
        for (var number = 1; number <= 3_000; number++)
        {
            // Names from 3 to ~300 bytes cross the one- and two-byte length prefixes.
            var last = number % 7 == 0 ? new string('ß', number % 150) : "Gopher" + number;
            roll = roll.Append(new Attendant(number, number % 5 == 0 ? "Zoë" : "Ada", last, _at));
        }

        await AssertSameAsProtobuf(new StatusSnapshot(3_000, roll), Encoder(), publicNames: true);
    }

    [Fact]
    public async Task SnapshotsThatOnlyAppendAreEncodedIncrementallyAndStayExact()
    {
        var encoder = Encoder();
        var roll = AttendantRoll.Empty;
        var snapshots = new List<StatusSnapshot>();
        for (var number = 1; number <= 200; number++)
        {
            roll = roll.Append(new Attendant(number, "Ada", "Lovelace" + number, _at));
            var snapshot = new StatusSnapshot(number, roll);
            snapshots.Add(snapshot);
            if (number % 3 == 0)
            {
                await AssertSameAsProtobuf(snapshot, encoder, publicNames: true);
            }
        }

        // Each appended payload shares the growing buffer: the later one starts with the earlier one's entries.
        var early = (await encoder.Encode(snapshots[2], true));
        var late = (await encoder.Encode(snapshots[^1], true));
        Assert.True(late.Entries.Span.StartsWith(early.Entries.Span));

        // A snapshot nobody read before, older than the newest encoded one, is still exact.
        await AssertSameAsProtobuf(snapshots[100], encoder, publicNames: true);
        await AssertSameAsProtobuf(snapshots[^1], encoder, publicNames: true);
    }

    [Fact]
    public async Task ACancellationRebuildsTheEntriesAndEarlierPayloadsKeepTheirBytes()
    {
        var encoder = Encoder();
        var roll = Roll(50);
        var before = new StatusSnapshot(50, roll);
        var beforeBytes = (await encoder.Encode(before, true)).ToArray();

        var cancelled = new StatusSnapshot(51, roll.Remove(17));
        await AssertSameAsProtobuf(cancelled, encoder, publicNames: true);
        var appended = new StatusSnapshot(52, cancelled.Attendants.Append(new Attendant(51, "Grace", "Hopper", _at)));
        await AssertSameAsProtobuf(appended, encoder, publicNames: true);

        Assert.Equal(beforeBytes, (await encoder.Encode(before, true)).ToArray());
        await AssertSameAsProtobuf(before, encoder, publicNames: true);
    }

    [Fact]
    public async Task HiddenNamesLeaveOnlyTheCounterAsGoogleProtobufWrites()
    {
        var encoder = Encoder();
        await AssertSameAsProtobuf(new StatusSnapshot(0, AttendantRoll.Empty), encoder, publicNames: false);
        await AssertSameAsProtobuf(new StatusSnapshot(300, Roll(300)), encoder, publicNames: false);
    }

    [Fact]
    public void EachSnapshotIsEncodedOnceAndSharedByEveryRead()
    {
        var encoder = Encoder();
        var snapshot = new StatusSnapshot(10, Roll(10));
        Assert.Same(encoder.Encode(snapshot, true), encoder.Encode(snapshot, true));
    }

    [Fact]
    public void ReadingAnAlreadyBuiltStatusAllocatesNothing()
    {
        var encoder = Encoder();
        var snapshot = new StatusSnapshot(1_000, Roll(1_000));
        // Twice: the second read compares the cached view's event with the caller's, and the
        // first comparison builds the runtime's equality comparers for its fields, once per process.
        for (var warm = 0; warm < 2; warm++)
        {
            encoder.Encode(snapshot, true);
            encoder.Encode(snapshot, false);
            StatusResponses.V1(_event, snapshot, 20, true);
            StatusResponses.V1(_event, snapshot, 20, false);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            encoder.Encode(snapshot, i % 2 == 0);
            StatusResponses.V1(_event, snapshot, 20, i % 2 == 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task TheGeneratedClientDecodesThePreEncodedStatusFromTheServer()
    {
        await using var app = new RollCallApplication();
        var channel = app.CreateChannel();
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 3);
        var registration = new V1.Registration.RegistrationClient(channel);
        foreach (var (code, i) in codes.Select((c, i) => (c, i)))
        {
            await registration.RegisterAsync(new V1.RegisterRequest { FirstName = "Ada" + i, LastName = "Lovelace", Code = code });
        }

        await new V1.Admin.AdminClient(channel).RevokeCodeAsync(new V1.RevokeCodeRequest { Code = codes[1] }, AdminCalls.Bearer(app.AdminToken));
        var status = await new RegisterService.RegisterServiceClient(channel).GetStatusAsync(new StatusRequest());

        Assert.Equal(2, status.AppData.Counter);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Ada0 Lovelace", ["3"] = "Ada2 Lovelace" }, status.AppData.Attendants);
    }

    [Fact]
    public async Task AStatusTooLargeToBufferIsStreamedAndDecodesTheSameOverRealHttp2()
    {
        await using var app = new RollCallApplication().StartKestrel();
        var channel = app.CreateChannel();
        var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 400);
        var registration = new V1.Registration.RegistrationClient(channel);
        // 400 names of 180 characters make a status of about 76 KB, above the streaming threshold.
        await Task.WhenAll(codes.Select((code, i) => registration.RegisterAsync(
            new V1.RegisterRequest { FirstName = "A" + new string('y', 89), LastName = new string('x', 90), Code = code }).ResponseAsync));

        var client = new RegisterService.RegisterServiceClient(channel);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetStatusAsync(new StatusRequest()).ResponseAsync));

        var expected = (await new LegacyStatusEncoder().Encode(app.Services.GetRequiredService<EventStatuses>().Current.Current, true)).ToArray();
        Assert.True(expected.Length > LegacyStatusStreaming.StreamedFromBytes);
        Assert.All(statuses, status =>
        {
            Assert.Equal(400, status.AppData.Counter);
            Assert.Equal(400, status.AppData.Attendants.Count);
            Assert.Equal(expected, status.ToByteArray());
        });

        // On the wire: one length-prefixed message and grpc-status 0 in the trailers, as gRPC sends it.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.GrpcAddress!, "/services.RegisterService/GetStatus"))
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]) { Headers = { { "Content-Type", "application/grpc" } } },
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal(0, body[0]);
        Assert.Equal(expected.Length, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1, 4)));
        Assert.Equal(expected, body[5..]);
    }

    private static LegacyStatusEncoder Encoder() => new();

    private static readonly Domain.EventRecord _event = new(
        1, "default", "RollCall", null, null, "en", Domain.EventState.Open, DateTimeOffset.UnixEpoch, null, null, null);

    private static AttendantRoll Roll(int count)
    {
        var roll = AttendantRoll.Empty;
        for (var number = 1; number <= count; number++)
        {
            roll = roll.Append(new Attendant(number, "Ada", "Lovelace " + number, _at));
        }

        return roll;
    }

    private static async Task AssertSameAsProtobuf(StatusSnapshot snapshot, LegacyStatusEncoder encoder, bool publicNames)
    {
        var expected = new StatusResponse { AppData = new AppData { Counter = snapshot.Count } };
        if (publicNames)
        {
            foreach (var attendant in snapshot.Attendants)
            {
                expected.AppData.Attendants.Add(attendant.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), attendant.FullName);
            }
        }

        var bytes = (await encoder.Encode(snapshot, publicNames)).ToArray();
        Assert.Equal(expected.ToByteArray(), bytes);
        Assert.Equal(expected, StatusResponse.Parser.ParseFrom(bytes));
    }
}
