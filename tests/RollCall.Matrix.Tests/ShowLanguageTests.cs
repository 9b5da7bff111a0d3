using System.Globalization;
using RollCall.Matrix.Show;
using RollCall.Matrix.Text;

namespace RollCall.Matrix.Tests;

public sealed class ShowLanguageTests
{
    private static readonly Rgb _green = new(0, 255, 0);

    private static AttendanceShow Spanish(string culture = "es") =>
        new(new ShowOptions { Culture = CultureInfo.GetCultureInfo(culture) });

    [Fact]
    public void TheShowSpeaksEnglishByDefaultWithThe2016Texts()
    {
        var show = new AttendanceShow();

        Assert.Equal(AttendanceShow.AttendantsText(42), show.CountText(42));
        Assert.Equal("Attendants: 0 :-)", show.CountText(0));
        Assert.Equal("Welcome Ada!", show.WelcomeText("Ada"));
        Assert.Equal("Welcome!", show.WelcomeText(" "));
        Assert.Same(CultureInfo.InvariantCulture, show.Options.Culture);
    }

    [Fact]
    public void ASpanishRoundScrollsAsistentesAndTheCount()
    {
        var round = Spanish().Round(42);

        Assert.Equal("Asistentes: 42 :-)", Spanish().CountText(42));
        var scroll = TextScroller.Frames("Asistentes: 42 :-)", Rgb.Red);
        Assert.Equal(scroll, round.Where(step => step.Scene == Scene.Attendants).Select(step => step.Frame));
        Assert.Equal(scroll.Count + 4, round.Count);
    }

    [Fact]
    public void ASpanishWelcomeScrollsHolaWithEveryAccentOfTheName()
    {
        var show = Spanish();

        var welcome = show.Welcome("José Núñez");

        Assert.Equal("¡Hola, José Núñez!", show.WelcomeText("José Núñez"));
        var scroll = welcome.Where(step => step.Scene == Scene.Welcome).Select(step => step.Frame).ToList();
        Assert.Equal(TextScroller.Frames("¡Hola, José Núñez!", _green), scroll);
        Assert.NotEqual(TextScroller.Frames("¡Hola, Jose Nunez!", _green), scroll);
        Assert.NotEqual(TextScroller.Frames("?Hola, Jos? N??ez!", _green), scroll);
        Assert.Equal(Sprites.WelcomeSparkle, welcome.Where(step => step.Scene == Scene.WelcomeSparkle).Select(step => step.Frame));
    }

    [Fact]
    public void ASpanishWelcomeForABlankNameIsHola()
    {
        Assert.Equal("¡Hola!", Spanish().WelcomeText(""));
        Assert.Equal("¡Hola!", Spanish().WelcomeText("  "));
        Assert.Equal(TextScroller.Frames("¡Hola!", _green), Spanish().Welcome("").Where(step => step.Scene == Scene.Welcome).Select(step => step.Frame));
    }

    [Fact]
    public void ASpanishNameIsCutAtTheSameLengthAsAnEnglishOne()
    {
        var show = new AttendanceShow(new ShowOptions { Culture = CultureInfo.GetCultureInfo("es"), MaxNameLength = 4 });

        Assert.Equal("¡Hola, José!", show.WelcomeText("  José Núñez"));
    }

    [Theory]
    [InlineData("es-CO")]
    [InlineData("es-MX")]
    [InlineData("es-ES")]
    [InlineData("es-419")]
    public void EverySpanishCultureGetsTheSpanishTexts(string culture)
    {
        var show = Spanish(culture);

        Assert.Equal("Asistentes: 7 :-)", show.CountText(7));
        Assert.Equal("¡Hola, Ada!", show.WelcomeText("Ada"));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("fr-FR")]
    [InlineData("de-DE")]
    [InlineData("en-GB")]
    [InlineData("en")]
    public void ALanguageWithoutTextsFallsBackToEnglish(string culture)
    {
        var show = new AttendanceShow(new ShowOptions { Culture = CultureInfo.GetCultureInfo(culture) });

        Assert.Equal("Attendants: 7 :-)", show.CountText(7));
        Assert.Equal("Welcome Ada!", show.WelcomeText("Ada"));
    }

    [Fact]
    public void ASpanishCultureWithoutParentsStillGetsTheSpanishTexts()
    {
        // Under invariant globalization (the rollcall CLI), es-CO's parent is the invariant culture.
        var show = new AttendanceShow(new ShowOptions { Culture = new ParentlessCulture("es-CO") });

        Assert.Equal("Asistentes: 7 :-)", show.CountText(7));
    }

    [Theory]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    [InlineData("hi-IN")]
    public void TheCountIsPlainDigitsInEveryLanguage(string culture)
    {
        var show = new AttendanceShow(new ShowOptions { Culture = CultureInfo.GetCultureInfo(culture) });

        Assert.Equal("Attendants: 1234567 :-)", show.CountText(1234567));
        Assert.Equal("Asistentes: 1234567 :-)", Spanish().CountText(1234567));
    }

    [Fact]
    public void TheRunningShowScrollsInItsLanguage()
    {
        var state = new ShowState(attendants: 5);
        var show = Spanish("es-MX");
        using var steps = show.Run(state).GetEnumerator();

        var scroll = TextScroller.Frames("Asistentes: 5 :-)", Rgb.Red);
        var first = new List<Frame>();
        for (var i = 0; i < scroll.Count && steps.MoveNext(); i++)
        {
            first.Add(steps.Current.Frame);
        }

        Assert.Equal(scroll, first);
        state.AddWelcome("Íñigo");
        Assert.True(steps.MoveNext());
        var welcome = new List<FrameStep> { steps.Current };
        while (welcome.Count < show.Welcome("Íñigo").Count && steps.MoveNext())
        {
            welcome.Add(steps.Current);
        }

        Assert.Equal(show.Welcome("Íñigo"), welcome);
        Assert.Equal(TextScroller.Frames("¡Hola, Íñigo!", _green), welcome.Where(step => step.Scene == Scene.Welcome).Select(step => step.Frame));
    }

    [Fact]
    public void TheSpanishTextsLiveInASatelliteAssemblyBesideTheLibrary()
    {
        var folder = Path.GetDirectoryName(typeof(AttendanceShow).Assembly.Location)!;

        Assert.True(File.Exists(Path.Combine(folder, "es", "RollCall.Matrix.resources.dll")));
    }

    private sealed class ParentlessCulture(string name) : CultureInfo(name)
    {
        public override CultureInfo Parent => InvariantCulture;
    }
}
