using System.Globalization;
using RollCall.Matrix.Text;

namespace RollCall.Matrix.Show;

/// <summary>Timings and colours of the <see cref="AttendanceShow"/>; the defaults follow the 2016 demo.</summary>
public sealed record ShowOptions
{
    /// <summary>How long each column of a scroll stays; 0.08 s by default.</summary>
    public TimeSpan ScrollStepDuration { get; init; } = TextScroller.DefaultStepDuration;

    /// <summary>How long the gopher shows, split evenly between its three colours; 3 s by default.</summary>
    public TimeSpan GopherDuration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the heart shows; 3 s by default.</summary>
    public TimeSpan HeartDuration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long each frame of the welcome sparkle stays; 0.1 s by default.</summary>
    public TimeSpan SparkleStepDuration { get; init; } = TimeSpan.FromSeconds(0.1);

    /// <summary>How long the offline icon stays before the state is read again; 1 s by default.</summary>
    public TimeSpan OfflineStepDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Colour of the <c>Attendants: N :-)</c> scroll; red (255, 0, 0) as in 2016.</summary>
    public Rgb AttendantsColour { get; init; } = Rgb.Red;

    /// <summary>Colour of the <c>Welcome Name!</c> scroll; green (0, 255, 0) by default.</summary>
    public Rgb WelcomeColour { get; init; } = new(0, 255, 0);

    /// <summary>Longest first name a welcome shows; longer names are cut there. 20 by default.</summary>
    public int MaxNameLength { get; init; } = 20;

    /// <summary>The font of both scrolls.</summary>
    public BitmapFont Font { get; init; } = BitmapFont.Default;

    /// <summary>
    /// The language of both scrolls. English by default (the invariant culture) and for every
    /// language the show has no texts in; Spanish for <c>es</c> and every Spanish culture
    /// (<c>es-CO</c>, <c>es-MX</c>, …). Numbers are plain digits in every language.
    /// </summary>
    /// <remarks>
    /// Under invariant globalization (the rollcall CLI) a culture other than the invariant one
    /// can only be made with <c>PredefinedCulturesOnly</c> off, as the CLI sets it; the show then
    /// finds the language from the culture's name, since such a culture has no parents.
    /// </remarks>
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;

    internal void Validate()
    {
        RequirePositive(ScrollStepDuration, nameof(ScrollStepDuration));
        RequirePositive(GopherDuration, nameof(GopherDuration));
        RequirePositive(HeartDuration, nameof(HeartDuration));
        RequirePositive(SparkleStepDuration, nameof(SparkleStepDuration));
        RequirePositive(OfflineStepDuration, nameof(OfflineStepDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNameLength, 1, nameof(MaxNameLength));
        ArgumentNullException.ThrowIfNull(Font, nameof(Font));
        ArgumentNullException.ThrowIfNull(Culture, nameof(Culture));
    }

    private static void RequirePositive(TimeSpan duration, string name)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, duration, $"{name} must be longer than zero.");
        }
    }
}
