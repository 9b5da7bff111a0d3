namespace RollCall.Matrix;

/// <summary>The parts of the attendance show, so players, tests and the board page can tell steps apart.</summary>
public enum Scene
{
    /// <summary>Not part of a show.</summary>
    None = 0,

    /// <summary>The <c>Attendants: N :-)</c> scroll.</summary>
    Attendants,

    /// <summary>The gopher, cycling its colours.</summary>
    Gopher,

    /// <summary>The red heart.</summary>
    Heart,

    /// <summary>The sparkle before a welcome.</summary>
    WelcomeSparkle,

    /// <summary>The <c>Welcome Name!</c> scroll.</summary>
    Welcome,

    /// <summary>The offline icon, while the server cannot be reached.</summary>
    Offline,
}
