using RollCall.Cli.Monitor;

namespace RollCall.Cli.Tests.Monitor;

public sealed class AttendanceTrackerTests
{
    [Fact]
    public void TheFirstSnapshotWelcomesNobodyBecauseTheyWereAlreadyThere()
    {
        var tracker = new AttendanceTracker();

        Assert.Empty(tracker.Snapshot(3, [(3, "Linus"), (2, "Grace"), (1, "Ada")]));
        Assert.Equal(3, tracker.Count);
    }

    [Fact]
    public void ARegistrationIsWelcomedByFirstName()
    {
        var tracker = new AttendanceTracker();
        tracker.Snapshot(1, [(1, "Ada")]);

        Assert.Equal("Grace", tracker.Registered(2, 2, "Grace"));
        Assert.Equal(2, tracker.Count);
    }

    [Fact]
    public void ASnapshotAfterAReconnectWelcomesThoseWhoRegisteredMeanwhileOldestFirst()
    {
        var tracker = new AttendanceTracker();
        tracker.Snapshot(1, [(1, "Ada")]);
        tracker.Registered(2, 2, "Grace");

        var welcomes = tracker.Snapshot(4, [(4, "Margaret"), (3, "Linus"), (2, "Grace"), (1, "Ada")]);

        Assert.Equal(["Linus", "Margaret"], welcomes);
    }

    [Fact]
    public void WhenTheServerHidesNamesARiseInTheCountGivesNamelessWelcomesAtMostFive()
    {
        var tracker = new AttendanceTracker();
        tracker.Snapshot(2, []);

        Assert.Equal(["", ""], tracker.Snapshot(4, []));
        Assert.Equal(5, tracker.Snapshot(40, []).Count);
        Assert.Empty(tracker.Snapshot(39, []));
    }

    [Fact]
    public void ACancellationOnlyChangesTheCount()
    {
        var tracker = new AttendanceTracker();
        tracker.Snapshot(2, [(2, "Grace"), (1, "Ada")]);

        tracker.Cancelled(1);

        Assert.Equal(1, tracker.Count);
        Assert.Empty(tracker.Snapshot(1, [(1, "Ada")]));
    }

    [Fact]
    public void TheFirstPollIsTheBaselineAndANewKeyIsWelcomed()
    {
        var tracker = new AttendanceTracker();
        Assert.Empty(tracker.Poll(2, Map(("1", "Ada Lovelace"), ("2", "Grace Hopper"))));

        var welcomes = tracker.Poll(3, Map(("1", "Ada Lovelace"), ("2", "Grace Hopper"), ("3", "Linus Torvalds")));

        Assert.Equal(["Linus"], welcomes);
        Assert.Empty(tracker.Poll(3, Map(("1", "Ada Lovelace"), ("2", "Grace Hopper"), ("3", "Linus Torvalds"))));
    }

    [Fact]
    public void ThePolled2016MapWithUnusedCodesWelcomesOnlyWhenACodesNameIsFilledIn()
    {
        // The 2016 Go server keyed the map by code and listed unused codes with an empty name.
        var tracker = new AttendanceTracker();
        tracker.Poll(1, Map(("979509393", "Ada Lovelace"), ("42", "")));

        Assert.Empty(tracker.Poll(1, Map(("979509393", "Ada Lovelace"), ("42", ""), ("7", ""))));
        Assert.Equal(["Grace"], tracker.Poll(2, Map(("979509393", "Ada Lovelace"), ("42", "Grace Hopper"), ("7", ""))));
    }

    [Fact]
    public void PollsInRegistrationNumberOrderWelcomeTheOldestFirst()
    {
        var tracker = new AttendanceTracker();
        tracker.Poll(9, Map([.. Enumerable.Range(1, 9).Select(n => (n.ToString(), $"P{n} X"))]));

        var welcomes = tracker.Poll(11, Map([.. Enumerable.Range(1, 11).Select(n => (n.ToString(), $"P{n} X"))]));

        Assert.Equal(["P10", "P11"], welcomes);
    }

    [Fact]
    public void APollThatHidesNamesWelcomesARiseInTheCounterWithoutNames()
    {
        var tracker = new AttendanceTracker();
        tracker.Poll(1, Map());

        Assert.Equal([""], tracker.Poll(2, Map()));
    }

    [Theory]
    [InlineData("Ada Lovelace", "Ada")]
    [InlineData("  Grace   Hopper ", "Grace")]
    [InlineData("Prince", "Prince")]
    [InlineData("", "")]
    public void TheFirstNameIsTheFirstWordOfThe2016Value(string fullName, string firstName)
    {
        Assert.Equal(firstName, AttendanceTracker.FirstName(fullName));
    }

    private static Dictionary<string, string> Map(params (string Key, string Name)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Name);
}
