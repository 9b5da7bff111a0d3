using RollCall.Matrix.Show;
using RollCall.Matrix.Text;

namespace RollCall.Matrix.Tests;

public sealed class AttendanceShowTests
{
    private static readonly TimeSpan _scrollStep = TimeSpan.FromSeconds(0.08);
    private static readonly Rgb _green = new(0, 255, 0);

    [Fact]
    public void ARoundScrollsTheCountThenShowsTheGopherForThreeSecondsThenTheHeartForThree()
    {
        var show = new AttendanceShow();

        var round = show.Round(3);

        var scroll = TextScroller.Frames("Attendants: 3 :-)", Rgb.Red);
        Assert.Equal(scroll.Count + 4, round.Count);
        Assert.Equal(scroll, round.Take(scroll.Count).Select(step => step.Frame));
        Assert.All(round.Take(scroll.Count), step => Assert.Equal((Scene.Attendants, _scrollStep), (step.Scene, step.Duration)));

        Assert.Equal(
            [
                new FrameStep(Sprites.Gopher(new Rgb(0, 0, 128)), TimeSpan.FromSeconds(1), Scene.Gopher),
                new FrameStep(Sprites.Gopher(new Rgb(128, 64, 128)), TimeSpan.FromSeconds(1), Scene.Gopher),
                new FrameStep(Sprites.Gopher(new Rgb(64, 0, 64)), TimeSpan.FromSeconds(1), Scene.Gopher),
                new FrameStep(Sprites.Heart, TimeSpan.FromSeconds(3), Scene.Heart),
            ],
            round.Skip(scroll.Count));
    }

    [Fact]
    public void TheGopherCyclesBluePinkPurple()
    {
        Assert.Equal([new Rgb(0, 0, 128), new Rgb(128, 64, 128), new Rgb(64, 0, 64)], Sprites.GopherColours);

        var gophers = new AttendanceShow().Round(0).Where(step => step.Scene == Scene.Gopher).Select(step => step.Frame).ToList();

        // (1, 0) is on the top of the head, in the body colour.
        Assert.Equal(Sprites.GopherColours, gophers.Select(frame => frame[1, 0]));
        Assert.Equal(3, gophers.Distinct().Count());
    }

    [Fact]
    public void TheHeartIsRed()
    {
        var lit = Sprites.Heart.Pixels.ToArray().Where(pixel => !pixel.IsOff).Distinct();

        Assert.Equal([Rgb.Red], lit);
    }

    [Fact]
    public void TheShowRepeatsRoundsWithTheLatestCount()
    {
        var state = new ShowState(attendants: 3);
        var show = new AttendanceShow();
        var roundLength = show.Round(3).Count;

        using var steps = show.Run(state).GetEnumerator();
        var first = Take(steps, roundLength);
        state.SetAttendants(12);
        var second = Take(steps, show.Round(12).Count);

        Assert.Equal(show.Round(3), first);
        Assert.Equal(show.Round(12), second);
    }

    [Fact]
    public void AWelcomeInterruptsTheScrollWithTheSparkleAndAWelcomeScrollThenTheShowStartsOver()
    {
        var state = new ShowState(attendants: 3);
        var show = new AttendanceShow();
        using var steps = show.Run(state).GetEnumerator();
        Take(steps, 5);

        state.AddWelcome("Ada");
        state.SetAttendants(4);
        var sparkle = Take(steps, Sprites.WelcomeSparkle.Count);
        var welcome = Take(steps, TextScroller.FrameCount("Welcome Ada!"));
        var after = Take(steps, 1);

        Assert.Equal(Sprites.WelcomeSparkle, sparkle.Select(step => step.Frame));
        Assert.All(sparkle, step => Assert.Equal(Scene.WelcomeSparkle, step.Scene));
        Assert.Equal(TextScroller.Frames("Welcome Ada!", _green), welcome.Select(step => step.Frame));
        Assert.All(welcome, step => Assert.Equal((Scene.Welcome, _scrollStep), (step.Scene, step.Duration)));
        Assert.Equal(show.Round(4)[0], after[0]);
        Assert.Equal(0, state.PendingWelcomes);
    }

    [Fact]
    public void AWelcomeInterruptsTheHeart()
    {
        var state = new ShowState(attendants: 1);
        var show = new AttendanceShow();
        using var steps = show.Run(state).GetEnumerator();
        var round = Take(steps, show.Round(1).Count - 1);
        Assert.Equal(Scene.Gopher, round[^1].Scene);

        state.AddWelcome("Grace");

        Assert.Equal(new FrameStep(Sprites.WelcomeSparkle[0], TimeSpan.FromSeconds(0.1), Scene.WelcomeSparkle), Take(steps, 1)[0]);
    }

    [Fact]
    public void WelcomesQueuedTogetherPlayOneAfterTheOther()
    {
        var state = new ShowState();
        var show = new AttendanceShow();
        state.AddWelcome("Ada");
        state.AddWelcome("Linus");

        using var steps = show.Run(state).GetEnumerator();
        var played = Take(steps, show.Welcome("Ada").Count + show.Welcome("Linus").Count);

        Assert.Equal([.. show.Welcome("Ada"), .. show.Welcome("Linus")], played);
    }

    [Fact]
    public void OfflineShowsTheOfflineIconUntilBackOnlineThenTheShowStartsOver()
    {
        var state = new ShowState(attendants: 7);
        var show = new AttendanceShow();
        using var steps = show.Run(state).GetEnumerator();
        Take(steps, 10);

        state.SetOnline(false);
        var offline = Take(steps, 3);
        state.SetOnline(true);
        var back = Take(steps, 1);

        Assert.All(offline, step => Assert.Equal(new FrameStep(Sprites.Offline, TimeSpan.FromSeconds(1), Scene.Offline), step));
        Assert.Equal(show.Round(7)[0], back[0]);
    }

    [Fact]
    public void OfflineWinsOverAWaitingWelcome()
    {
        var state = new ShowState(online: false);
        state.AddWelcome("Ada");

        using var steps = new AttendanceShow().Run(state).GetEnumerator();

        Assert.Equal(Scene.Offline, Take(steps, 1)[0].Scene);
        Assert.Equal(1, state.PendingWelcomes);
    }

    [Fact]
    public void TheOfflineIconIsARedCrossInAGreyBox()
    {
        var icon = Sprites.Offline;

        Assert.Equal(Rgb.Red, icon[1, 1]);
        Assert.Equal(Rgb.Red, icon[3, 3]);
        Assert.Equal(Rgb.Red, icon[6, 1]);
        Assert.Equal(new Rgb(64, 64, 64), icon[0, 0]);
        Assert.Equal(Rgb.Black, icon[2, 1]);
    }

    [Fact]
    public void ScrollSpeedAndColoursAreConfigurable()
    {
        var show = new AttendanceShow(new ShowOptions
        {
            ScrollStepDuration = TimeSpan.FromSeconds(0.1),
            WelcomeColour = Rgb.White,
        });

        Assert.All(show.Round(2).Where(step => step.Scene == Scene.Attendants), step => Assert.Equal(TimeSpan.FromSeconds(0.1), step.Duration));
        Assert.Equal(TextScroller.Frames("Welcome Bo!", Rgb.White), show.Welcome("Bo").Where(step => step.Scene == Scene.Welcome).Select(step => step.Frame));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttendanceShow(new ShowOptions { ScrollStepDuration = TimeSpan.Zero }));
    }

    [Theory]
    [InlineData("Ada", "Welcome Ada!")]
    [InlineData("  Ada ", "Welcome Ada!")]
    [InlineData("", "Welcome!")]
    [InlineData("Maximiliana-Wilhelmina", "Welcome Maximiliana-Wilhelmi!")]
    public void TheWelcomeTextUsesTheTrimmedFirstName(string firstName, string text) =>
        Assert.Equal(text, new AttendanceShow(new ShowOptions { MaxNameLength = 20 }).WelcomeText(firstName));

    [Fact]
    public void TheAttendanceTextIsThe2016One() =>
        Assert.Equal("Attendants: 42 :-)", AttendanceShow.AttendantsText(42));

    [Fact]
    public void OnlyTheNewestWelcomesWaitWhenTooManyArrive()
    {
        var state = new ShowState();
        for (var i = 0; i < ShowState.MaxPendingWelcomes + 2; i++)
        {
            state.AddWelcome($"Guest{i}");
        }

        Assert.Equal(ShowState.MaxPendingWelcomes, state.PendingWelcomes);
        Assert.True(state.TryTakeWelcome(out var oldest));
        Assert.Equal("Guest2", oldest);
    }

    private static List<FrameStep> Take(IEnumerator<FrameStep> steps, int count)
    {
        var taken = new List<FrameStep>(count);
        for (var i = 0; i < count; i++)
        {
            Assert.True(steps.MoveNext());
            taken.Add(steps.Current);
        }

        return taken;
    }
}
