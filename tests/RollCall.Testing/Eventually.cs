using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace RollCall.Testing;

/// <summary>
/// Waits, bounded in time, for something that happens asynchronously: checks every 20 ms and,
/// when time runs out, fails with the condition as written, how long and how often it was
/// checked, and what the caller says it saw last.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(
        Func<bool> condition,
        TimeSpan timeout,
        Func<string>? lastSeen = null,
        [CallerArgumentExpression(nameof(condition))] string expression = "") =>
        TrueAsync(() => Task.FromResult(condition()), timeout, lastSeen, expression);

    /// <summary>Waits until <paramref name="condition"/> holds, for conditions that make a call to find out.</summary>
    public static async Task TrueAsync(
        Func<Task<bool>> condition,
        TimeSpan timeout,
        Func<string>? lastSeen = null,
        [CallerArgumentExpression(nameof(condition))] string expression = "") =>
        await ValueAsync(async () => await condition() ? string.Empty : null, timeout, lastSeen, expression);

    /// <summary>
    /// Tries until <paramref name="attempt"/> returns something (null means "not yet"), and returns
    /// that: a stream that opens once a slot is free, say.
    /// </summary>
    public static async Task<T> ValueAsync<T>(
        Func<Task<T?>> attempt,
        TimeSpan timeout,
        Func<string>? lastSeen = null,
        [CallerArgumentExpression(nameof(attempt))] string expression = "")
        where T : class
    {
        var clock = Stopwatch.StartNew();
        for (var checks = 1; ; checks++)
        {
            if (await attempt() is { } value)
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                var seen = lastSeen is null ? string.Empty : $" Last seen: {lastSeen()}";
                throw new TimeoutException($"Still not so after {timeout.TotalSeconds:0.#} s and {checks} checks: {expression}.{seen}");
            }

            await Task.Delay(_interval);
        }
    }
}
