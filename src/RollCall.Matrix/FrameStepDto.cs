namespace RollCall.Matrix;

/// <summary>
/// A <see cref="FrameStep"/> in a JSON-friendly shape, for sending a timeline to the board page,
/// which draws the same frames as an emulated LED matrix. With ASP.NET Core's web defaults a step
/// serializes as <c>{"pixels":"ff0000…","durationMs":80,"scene":"Attendants"}</c>; in JavaScript,
/// pixel i (row-major, x = i % 8, y = i / 8 rounded down) is <c>"#" + pixels.substr(i * 6, 6)</c>.
/// </summary>
/// <param name="Pixels">The frame as 384 hex digits (<see cref="Frame.ToHex"/>).</param>
/// <param name="DurationMs">How long the frame stays, in whole milliseconds.</param>
/// <param name="Scene">The <see cref="Matrix.Scene"/> name, such as <c>Attendants</c> or <c>Heart</c>.</param>
public sealed record FrameStepDto(string Pixels, int DurationMs, string Scene)
{
    /// <summary>The wire form of <paramref name="step"/>.</summary>
    public static FrameStepDto From(FrameStep step)
    {
        ArgumentNullException.ThrowIfNull(step.Frame);
        return new FrameStepDto(step.Frame.ToHex(), (int)Math.Round(step.Duration.TotalMilliseconds), step.Scene.ToString());
    }

    /// <summary>The wire form of each of <paramref name="steps"/>, in order.</summary>
    public static IReadOnlyList<FrameStepDto> FromSteps(IEnumerable<FrameStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return [.. steps.Select(From)];
    }

    /// <summary>The step this describes.</summary>
    /// <exception cref="FormatException">The pixels or scene are not valid.</exception>
    public FrameStep ToStep()
    {
        if (!Enum.TryParse<Matrix.Scene>(Scene, ignoreCase: true, out var scene) || !Enum.IsDefined(scene))
        {
            throw new FormatException($"'{Scene}' is not a scene.");
        }

        return new FrameStep(Frame.FromHex(Pixels), TimeSpan.FromMilliseconds(DurationMs), scene);
    }
}
