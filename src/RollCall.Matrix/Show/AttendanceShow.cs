using System.Globalization;
using RollCall.Matrix.Text;

namespace RollCall.Matrix.Show;

/// <summary>
/// The attendance show as timelines of <see cref="FrameStep"/>s, with no clock of its own, so the
/// same steps drive a real matrix (through <see cref="MatrixPlayer"/>), a PNG strip, a test or
/// the board page.
/// </summary>
/// <remarks>
/// <para>One round, as the 2016 Raspberry Pi loop: scroll <c>Attendants: N :-)</c> in red, show
/// the gopher for 3 s cycling blue, pink and purple, then the red heart for 3 s (<see cref="Round"/>).</para>
/// <para><see cref="Run"/> repeats rounds forever and reads a <see cref="ShowState"/> before each
/// step: when offline it shows the offline icon instead; when a welcome is waiting it breaks off
/// the round and plays the sparkle and <c>Welcome Name!</c> (<see cref="Welcome"/>), then starts a
/// new round, with the count as it is then.</para>
/// </remarks>
public sealed class AttendanceShow
{
    /// <summary>Creates the show with <paramref name="options"/>, or the 2016 timings and colours.</summary>
    public AttendanceShow(ShowOptions? options = null)
    {
        Options = options ?? new ShowOptions();
        Options.Validate();
        OfflineStep = new FrameStep(Sprites.Offline, Options.OfflineStepDuration, Scene.Offline);
    }

    /// <summary>The timings and colours in use.</summary>
    public ShowOptions Options { get; }

    /// <summary>The single step shown (repeatedly) while offline.</summary>
    public FrameStep OfflineStep { get; }

    /// <summary>The text of the attendance scroll, as in 2016: <c>Attendants: 3 :-)</c>.</summary>
    public static string AttendantsText(int attendants) =>
        string.Create(CultureInfo.InvariantCulture, $"Attendants: {attendants} :-)");

    /// <summary>The text of the welcome scroll: <c>Welcome Ada!</c>, or <c>Welcome!</c> for a blank name.</summary>
    public string WelcomeText(string firstName)
    {
        ArgumentNullException.ThrowIfNull(firstName);
        var name = firstName.Trim();
        if (name.Length > Options.MaxNameLength)
        {
            name = name[..Options.MaxNameLength].TrimEnd();
        }

        return name.Length == 0 ? "Welcome!" : $"Welcome {name}!";
    }

    /// <summary>One round of the show: the attendance scroll, the gopher in its three colours, the heart.</summary>
    public IReadOnlyList<FrameStep> Round(int attendants)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attendants);
        var colours = Sprites.GopherColours;
        var gopherStep = Options.GopherDuration / colours.Count;
        return
        [
            .. TextScroller.Steps(AttendantsText(attendants), Options.AttendantsColour, Options.ScrollStepDuration, Scene.Attendants, Options.Font),
            .. colours.Select(colour => new FrameStep(Sprites.Gopher(colour), gopherStep, Scene.Gopher)),
            new FrameStep(Sprites.Heart, Options.HeartDuration, Scene.Heart),
        ];
    }

    /// <summary>A welcome: the sparkle, then <see cref="WelcomeText"/> scrolled in the welcome colour.</summary>
    public IReadOnlyList<FrameStep> Welcome(string firstName) =>
    [
        .. Sprites.WelcomeSparkle.Select(frame => new FrameStep(frame, Options.SparkleStepDuration, Scene.WelcomeSparkle)),
        .. TextScroller.Steps(WelcomeText(firstName), Options.WelcomeColour, Options.ScrollStepDuration, Scene.Welcome, Options.Font),
    ];

    /// <summary>
    /// The show for as long as it is enumerated, never ending. <paramref name="state"/> is read
    /// each time the next step is asked for, so offline and welcomes take over between any two
    /// steps. Offline wins over everything; a welcome cut short by going offline is not replayed.
    /// </summary>
    public IEnumerable<FrameStep> Run(ShowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return RunIterator(state);
    }

    private IEnumerable<FrameStep> RunIterator(ShowState state)
    {
        while (true)
        {
            if (!state.Online)
            {
                yield return OfflineStep;
            }
            else if (state.TryTakeWelcome(out var firstName))
            {
                foreach (var step in Welcome(firstName))
                {
                    if (!state.Online)
                    {
                        break;
                    }

                    yield return step;
                }
            }
            else
            {
                foreach (var step in Round(state.Attendants))
                {
                    if (!state.Online || state.PendingWelcomes > 0)
                    {
                        break;
                    }

                    yield return step;
                }
            }
        }
    }
}
