using RollCall.Matrix;

namespace RollCall.Cli.Monitor;

/// <summary>Cuts the endless show short after a number of rounds, for recording it (<c>--rounds</c>).</summary>
internal static class ShowRounds
{
    /// <summary>
    /// The steps of <paramref name="show"/> up to and including the <paramref name="rounds"/>th
    /// heart, which ends a round. Offline and welcome steps in between are kept.
    /// </summary>
    public static IEnumerable<FrameStep> Take(IEnumerable<FrameStep> show, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        var hearts = 0;
        foreach (var step in show)
        {
            yield return step;
            if (step.Scene == Scene.Heart && ++hearts == rounds)
            {
                yield break;
            }
        }
    }
}
