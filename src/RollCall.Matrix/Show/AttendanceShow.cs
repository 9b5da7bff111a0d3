using System.Globalization;
using System.Resources;
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
/// <para>The scrolls speak <see cref="ShowOptions.Culture"/>'s language: English by default
/// (<c>Attendants: 3 :-)</c>, <c>Welcome Ada!</c>) or Spanish (<c>Asistentes: 3 :-)</c>,
/// <c>¡Hola, Ada!</c>). The texts live in <c>Show/ShowTexts.resx</c>; another language is one
/// more <c>ShowTexts.xx.resx</c> beside it.</para>
/// <para><see cref="Run"/> repeats rounds forever and reads a <see cref="ShowState"/> before each
/// step: when offline it shows the offline icon instead; when a welcome is waiting it breaks off
/// the round and plays the sparkle and <c>Welcome Name!</c> (<see cref="Welcome"/>), then starts a
/// new round, with the count as it is then.</para>
/// </remarks>
public sealed class AttendanceShow
{
    private static readonly ResourceManager _texts = new("RollCall.Matrix.Show.ShowTexts", typeof(AttendanceShow).Assembly);

    // The culture whose texts the show reads: Options.Culture or the nearest one with texts; the
    // monitor switches it when the event it follows speaks another language.
    private volatile CultureInfo _textCulture;

    /// <summary>Creates the show with <paramref name="options"/>, or the 2016 timings, colours and English texts.</summary>
    public AttendanceShow(ShowOptions? options = null)
    {
        Options = options ?? new ShowOptions();
        Options.Validate();
        OfflineStep = new FrameStep(Sprites.Offline, Options.OfflineStepDuration, Scene.Offline);
        _textCulture = TextCulture(Options.Culture);
    }

    /// <summary>The language the scrolls speak now, e.g. <c>en</c> or <c>es</c>.</summary>
    public string Language => _textCulture.Name.Length == 0 ? "en" : _textCulture.TwoLetterISOLanguageName;

    /// <summary>
    /// Speaks <paramref name="language"/> (e.g. <c>es</c>) from the next scroll on; a language the
    /// show has no texts for falls back to English. The show may be running on another thread.
    /// </summary>
    public void UseLanguage(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            culture = CultureInfo.InvariantCulture;
        }

        _textCulture = TextCulture(culture);
    }

    /// <summary>The timings and colours in use.</summary>
    public ShowOptions Options { get; }

    /// <summary>The single step shown (repeatedly) while offline.</summary>
    public FrameStep OfflineStep { get; }

    /// <summary>
    /// The text of the attendance scroll in English, as in 2016: <c>Attendants: 3 :-)</c>, whatever
    /// the show's language; <see cref="CountText"/> follows the language.
    /// </summary>
    public static string AttendantsText(int attendants) =>
        string.Create(CultureInfo.InvariantCulture, $"Attendants: {attendants} :-)");

    /// <summary>
    /// The text of the attendance scroll in the show's language: <c>Attendants: 3 :-)</c>, or
    /// <c>Asistentes: 3 :-)</c> in Spanish. The count is written in plain digits.
    /// </summary>
    public string CountText(int attendants) =>
        string.Format(CultureInfo.InvariantCulture, Text("Attendants"), attendants);

    /// <summary>
    /// The text of the welcome scroll in the show's language: <c>Welcome Ada!</c>, or
    /// <c>Welcome!</c> for a blank name; <c>¡Hola, Ada!</c> and <c>¡Hola!</c> in Spanish.
    /// </summary>
    public string WelcomeText(string firstName)
    {
        ArgumentNullException.ThrowIfNull(firstName);
        var name = firstName.Trim();
        if (name.Length > Options.MaxNameLength)
        {
            name = name[..Options.MaxNameLength].TrimEnd();
        }

        return name.Length == 0
            ? Text("WelcomeWithoutName")
            : string.Format(CultureInfo.InvariantCulture, Text("Welcome"), name);
    }

    /// <summary>One round of the show: the attendance scroll, the gopher in its three colours, the heart.</summary>
    public IReadOnlyList<FrameStep> Round(int attendants)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attendants);
        var colours = Sprites.GopherColours;
        var gopherStep = Options.GopherDuration / colours.Count;
        return
        [
            .. TextScroller.Steps(CountText(attendants), Options.AttendantsColour, Options.ScrollStepDuration, Scene.Attendants, Options.Font),
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

    // The first of the culture, its parents and the shorter forms of its name (es-CO, es) that has
    // texts; the invariant culture (English) when none has. The names matter under invariant
    // globalization, where es-CO has no parents, so its parent chain alone would miss es.
    private static CultureInfo TextCulture(CultureInfo culture)
    {
        var candidates = new List<CultureInfo>();
        for (var parent = culture; parent.Name.Length > 0; parent = parent.Parent)
        {
            candidates.Add(parent);
        }

        var name = culture.Name;
        for (var cut = name.LastIndexOf('-'); cut > 0; cut = name.LastIndexOf('-'))
        {
            name = name[..cut];
            if (TryGetCulture(name) is { } shorter)
            {
                candidates.Add(shorter);
            }
        }

        return candidates.FirstOrDefault(HasTexts) ?? CultureInfo.InvariantCulture;
    }

    private static bool HasTexts(CultureInfo culture) =>
        _texts.GetResourceSet(culture, createIfNotExists: true, tryParents: false) is not null;

    private static CultureInfo? TryGetCulture(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            // Invariant globalization with predefined cultures only: no culture but the invariant one.
            return null;
        }
    }

    private string Text(string name) =>
        _texts.GetString(name, _textCulture) ?? throw new MissingManifestResourceException($"The show has no text '{name}'.");

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
