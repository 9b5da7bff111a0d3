namespace RollCall.Matrix;

/// <summary>
/// The show's pictures, drawn by hand as 8x8 patterns. Each character is one LED; <c>.</c> is off.
/// </summary>
public static class Sprites
{
    /// <summary>The first seed colour of the 2016 demo's gopher.</summary>
    public static readonly Rgb GopherBlue = new(0, 0, 128);

    /// <summary>The second seed colour of the 2016 demo's gopher.</summary>
    public static readonly Rgb GopherPink = new(128, 64, 128);

    /// <summary>The third seed colour of the 2016 demo's gopher.</summary>
    public static readonly Rgb GopherPurple = new(64, 0, 64);

    // Shared feature colours, kept below full white so they do not glare next to the dim seed colours.
    private static readonly Rgb _eyeWhite = new(200, 200, 200);
    private static readonly Rgb _muzzle = new(180, 130, 80);
    private static readonly Rgb _grey = new(64, 64, 64);
    private static readonly Rgb _yellow = new(255, 200, 0);
    private static readonly Rgb _orange = new(255, 110, 0);

    private static readonly string[] _gopher =
    [
        ".gggggg.",
        "gwwggwwg",
        "gw.ggw.g",
        "gwwggwwg",
        "ggg..ggg",
        "ggmmmmgg",
        "gggwwggg",
        ".gggggg.",
    ];

    /// <summary>The three seed colours, in the order the gopher cycles through them.</summary>
    public static IReadOnlyList<Rgb> GopherColours { get; } = [GopherBlue, GopherPink, GopherPurple];

    /// <summary>The red heart of the 2016 show.</summary>
    public static Frame Heart { get; } = Frame.FromPattern(
        Rgb.Red,
        ".##..##.",
        "########",
        "########",
        "########",
        ".######.",
        "..####..",
        "...##...",
        "........");

    /// <summary>Shown while the server cannot be reached: a red cross in a grey box.</summary>
    public static Frame Offline { get; } = Frame.FromPattern(
        new Dictionary<char, Rgb> { ['g'] = _grey, ['r'] = Rgb.Red },
        "gggggggg",
        "gr....rg",
        "g.r..r.g",
        "g..rr..g",
        "g..rr..g",
        "g.r..r.g",
        "gr....rg",
        "gggggggg");

    /// <summary>
    /// The sparkle that plays before a welcome scroll: a ring grows out from the centre to the
    /// edges, then scattered sparks twinkle twice.
    /// </summary>
    public static IReadOnlyList<Frame> WelcomeSparkle { get; } = BuildWelcomeSparkle();

    /// <summary>The gopher face with its body in <paramref name="body"/>; eyes, nose and teeth keep their colours.</summary>
    public static Frame Gopher(Rgb body) => Frame.FromPattern(
        new Dictionary<char, Rgb> { ['g'] = body, ['w'] = _eyeWhite, ['m'] = _muzzle },
        _gopher);

    private static Frame[] BuildWelcomeSparkle()
    {
        var palette = new Dictionary<char, Rgb> { ['w'] = Rgb.White, ['y'] = _yellow, ['o'] = _orange };
        return
        [
            Frame.FromPattern(
                palette,
                "........",
                "........",
                "........",
                "...ww...",
                "...ww...",
                "........",
                "........",
                "........"),
            Frame.FromPattern(
                palette,
                "........",
                "........",
                "...yy...",
                "..y..y..",
                "..y..y..",
                "...yy...",
                "........",
                "........"),
            Frame.FromPattern(
                palette,
                "........",
                "..yyyy..",
                ".y....y.",
                ".y....y.",
                ".y....y.",
                ".y....y.",
                "..yyyy..",
                "........"),
            Frame.FromPattern(
                palette,
                "..oooo..",
                ".o....o.",
                "o......o",
                "o......o",
                "o......o",
                "o......o",
                ".o....o.",
                "..oooo.."),
            Frame.FromPattern(
                palette,
                "w......y",
                "...y....",
                ".o....w.",
                "....o...",
                "..w.....",
                "......o.",
                ".y..w...",
                "o.....y."),
            Frame.FromPattern(
                palette,
                "...o....",
                ".w....y.",
                ".....o..",
                "y.......",
                "...y..w.",
                ".o......",
                ".....w..",
                "..o....w"),
        ];
    }
}
