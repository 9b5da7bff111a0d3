namespace RollCall.Testing;

/// <summary>Waits for a condition that becomes true asynchronously, bounded in time.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not become true within {timeout}.");
            }

            await Task.Delay(20);
        }
    }
}
