namespace RollCall.Matrix;

/// <summary>One step of a timeline: show <paramref name="Frame"/> for <paramref name="Duration"/>.</summary>
/// <param name="Frame">What the matrix shows.</param>
/// <param name="Duration">How long it stays before the next step.</param>
/// <param name="Scene">Which part of a show the step belongs to; <see cref="Scene.None"/> outside a show.</param>
public readonly record struct FrameStep(Frame Frame, TimeSpan Duration, Scene Scene = Scene.None);
