namespace RollCall.Matrix.Tests;

public sealed class FrameTransformTests
{
    private static readonly Dictionary<char, Rgb> _palette = new()
    {
        ['R'] = Rgb.Red,
        ['G'] = new Rgb(0, 255, 0),
        ['B'] = new Rgb(0, 0, 255),
    };

    // Red in the top-left corner, green to its right, blue below it.
    private static readonly Frame _corner = Frame.FromPattern(
        _palette,
        "RG......",
        "B.......",
        "........",
        "........",
        "........",
        "........",
        "........",
        "........");

    [Fact]
    public void RotatingByNinetyTurnsThePictureClockwise()
    {
        var expected = Frame.FromPattern(
            _palette,
            "......BR",
            ".......G",
            "........",
            "........",
            "........",
            "........",
            "........",
            "........");

        Assert.Equal(expected, _corner.Rotate(Rotation.Clockwise90));
    }

    [Fact]
    public void RotatingByOneEightyTurnsThePictureUpsideDown()
    {
        var expected = Frame.FromPattern(
            _palette,
            "........",
            "........",
            "........",
            "........",
            "........",
            "........",
            ".......B",
            "......GR");

        Assert.Equal(expected, _corner.Rotate(Rotation.Clockwise180));
    }

    [Fact]
    public void RotatingByTwoSeventyTurnsThePictureAntiClockwise()
    {
        var expected = Frame.FromPattern(
            _palette,
            "........",
            "........",
            "........",
            "........",
            "........",
            "........",
            "G.......",
            "RB......");

        Assert.Equal(expected, _corner.Rotate(Rotation.Clockwise270));
    }

    [Fact]
    public void FourQuarterTurnsGiveTheOriginalAndNoRotationChangesNothing()
    {
        var turned = Sprites.Gopher(Sprites.GopherPink);
        for (var i = 0; i < 4; i++)
        {
            turned = turned.Rotate(Rotation.Clockwise90);
        }

        Assert.Equal(Sprites.Gopher(Sprites.GopherPink), turned);
        Assert.Same(_corner, _corner.Rotate(Rotation.None));
        Assert.Equal(_corner.Rotate(Rotation.Clockwise270), _corner.Rotate(Rotation.Clockwise90).Rotate(Rotation.Clockwise180));
    }

    [Theory]
    [InlineData(0, Rotation.None)]
    [InlineData(90, Rotation.Clockwise90)]
    [InlineData(180, Rotation.Clockwise180)]
    [InlineData(270, Rotation.Clockwise270)]
    public void DegreesAsSenseHatTakesThemNameARotation(int degrees, Rotation rotation) =>
        Assert.Equal(rotation, FrameTransforms.RotationFromDegrees(degrees));

    [Theory]
    [InlineData(45)]
    [InlineData(-90)]
    [InlineData(360)]
    public void OtherAnglesAreRejected(int degrees) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameTransforms.RotationFromDegrees(degrees));

    [Fact]
    public void LowLightKeepsAThirdOfTheBrightness()
    {
        var frame = Frame.Blank
            .With(0, 0, Rgb.Red)
            .With(1, 0, new Rgb(0, 0, 128))
            .With(2, 0, new Rgb(128, 64, 128))
            .With(3, 0, new Rgb(64, 0, 64));

        var dimmed = frame.LowLight();

        Assert.Equal(new Rgb(85, 0, 0), dimmed[0, 0]);
        Assert.Equal(new Rgb(0, 0, 43), dimmed[1, 0]);
        Assert.Equal(new Rgb(43, 22, 43), dimmed[2, 0]);
        Assert.Equal(new Rgb(22, 0, 22), dimmed[3, 0]);
        Assert.Equal(Rgb.Black, dimmed[4, 0]);
    }

    [Fact]
    public void DimmingRoundsUpSoALitLedStaysLit()
    {
        var faint = Frame.Filled(new Rgb(1, 2, 0));

        Assert.Equal(Frame.Filled(new Rgb(1, 1, 0)), faint.LowLight());
        Assert.Equal(Frame.Filled(new Rgb(128, 128, 128)), Frame.Filled(Rgb.White).Dim(0.5));
        Assert.Same(faint, faint.Dim(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => faint.Dim(1.5));
    }
}
