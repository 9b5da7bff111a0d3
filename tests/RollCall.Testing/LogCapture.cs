using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RollCall.Testing;

/// <summary>Collects every log event of a server, at every level, for assertions about the log.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _events = new();

    /// <summary>Everything logged so far.</summary>
    public IReadOnlyList<CapturedLog> Events => [.. _events];

    /// <summary>All messages and structured values, one per line, for "never contains" checks.</summary>
    public string AllText => string.Join('\n', _events.Select(e => e.Message + " | " + string.Join(", ", e.Values.Select(v => $"{v.Key}={v.Value}")) + " | " + e.Exception));

    /// <summary>Adds the capture to a server's services, receiving every level.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Add(new LoggerFilterRule(typeof(LogCapture).FullName, null, LogLevel.Trace, null)));
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            capture._events.Enqueue(new CapturedLog(
                category, logLevel, eventId, formatter(state, exception), [.. values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value?.ToString()))], exception?.ToString()));
        }
    }
}

/// <summary>One captured log event.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, string?>> Values, string? Exception);
