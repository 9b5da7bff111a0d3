namespace RollCall.Server.Tests.Web;

/// <summary>One server-sent event: its id, name and data (comments are skipped).</summary>
internal sealed record ServerSentEvent(string? Id, string Name, string Data);

/// <summary>Reads <c>text/event-stream</c> as a browser's EventSource does, one event at a time.</summary>
internal sealed class ServerSentEvents(Stream stream)
{
    private readonly StreamReader _reader = new(stream);

    /// <summary>Every line read so far, comments and fields, for asserting on the raw stream.</summary>
    public List<string> Lines { get; } = [];

    /// <summary>The next event; null when the stream ends.</summary>
    public async Task<ServerSentEvent?> NextAsync(CancellationToken cancellationToken)
    {
        string? id = null, name = null, data = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            Lines.Add(line);
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new ServerSentEvent(id, name ?? "message", data);
                }

                continue;
            }

            var colon = line.IndexOf(':');
            if (colon == 0)
            {
                continue;
            }

            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "data":
                    data = data is null ? value : data + "\n" + value;
                    break;
            }
        }

        return null;
    }
}
