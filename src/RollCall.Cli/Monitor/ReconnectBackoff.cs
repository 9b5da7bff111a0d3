namespace RollCall.Cli.Monitor;

/// <summary>
/// How long to wait before the next attempt to reach the server: exponential (0.5 s doubling up
/// to 30 s by default) with "equal jitter", so each delay lies between half and all of its step's
/// ceiling and a room full of monitors does not reconnect in lockstep after a server restart.
/// </summary>
/// <remarks>Not thread-safe: one reconnect loop owns it.</remarks>
internal sealed class ReconnectBackoff
{
    /// <summary>The first ceiling: 0.5 s.</summary>
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromSeconds(0.5);

    /// <summary>The cap: no delay is ever longer than 30 s.</summary>
    public static readonly TimeSpan DefaultMaximum = TimeSpan.FromSeconds(30);

    private readonly Random _random;
    private int _attempt;

    /// <summary>Creates a backoff from <paramref name="initial"/> doubling up to <paramref name="maximum"/>.</summary>
    public ReconnectBackoff(TimeSpan initial, TimeSpan maximum, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (initial <= TimeSpan.Zero || maximum < initial)
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, "The backoff needs 0 < initial <= maximum.");
        }

        Initial = initial;
        Maximum = maximum;
        _random = random;
    }

    /// <summary>Creates the default backoff (0.5 s doubling to 30 s) with a shared random source.</summary>
    public ReconnectBackoff()
        : this(DefaultInitial, DefaultMaximum, Random.Shared)
    {
    }

    /// <summary>The ceiling of the first delay.</summary>
    public TimeSpan Initial { get; }

    /// <summary>The cap on every delay.</summary>
    public TimeSpan Maximum { get; }

    /// <summary>The ceiling of the delay <see cref="Next"/> gives next: Initial × 2^attempts, capped.</summary>
    public TimeSpan CurrentCeiling
    {
        get
        {
            // Past 2^30 the product is far above any sensible cap; stop doubling before it overflows.
            var factor = Math.Pow(2, Math.Min(_attempt, 30));
            var ceiling = Initial.TotalSeconds * factor;
            return ceiling >= Maximum.TotalSeconds ? Maximum : TimeSpan.FromSeconds(ceiling);
        }
    }

    /// <summary>The delay before the next attempt: uniformly between half and all of the current ceiling.</summary>
    public TimeSpan Next()
    {
        var ceiling = CurrentCeiling;
        _attempt++;
        var half = ceiling / 2;
        return half + (half * _random.NextDouble());
    }

    /// <summary>Starts over from <see cref="Initial"/>, after the server answered.</summary>
    public void Reset() => _attempt = 0;
}
