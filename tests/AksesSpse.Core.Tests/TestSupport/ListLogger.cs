using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Tests.TestSupport;

/// <summary>Keeps every log message and every structured value, to check what reaches the logs.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Lines.Add(formatter(state, exception));
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            Lines.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
        }
    }
}

/// <summary>Passes another category's messages to a logger the test reads (e.g. the shared move runner's to the service's).</summary>
internal sealed class ForwardingLogger<T>(Func<ILogger> target) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => target().BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => target().IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        target().Log(logLevel, eventId, state, exception, formatter);
}
