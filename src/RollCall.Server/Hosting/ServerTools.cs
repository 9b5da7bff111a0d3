using RollCall.Server.Storage;

namespace RollCall.Server.Hosting;

/// <summary>
/// Operator commands that run instead of the server: <c>backup</c> and <c>restore</c> of the embedded
/// database. <c>RollCall.Server backup --data-dir DIR --output FILE</c> is safe while the server runs.
/// </summary>
public static class ServerTools
{
    /// <summary>Runs a tool when <paramref name="args"/> start with one; null when the server should start.</summary>
    public static int? TryRun(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is not ("backup" or "restore"))
        {
            return null;
        }

        var dataDir = Value(args, "--data-dir") ?? Environment.GetEnvironmentVariable("ROLLCALL_DATA_DIR") ?? "./data";
        try
        {
            if (args[0] == "backup")
            {
                var destination = Value(args, "--output") ?? throw new ArgumentException("backup needs --output FILE.");
                var summary = SqliteBackup.Backup(dataDir, Path.GetFullPath(destination));
                output.WriteLine($"Backed up {summary.Attendees} attendees and {summary.Codes} codes (schema {summary.SchemaVersion}) to {summary.File}; integrity ok.");
            }
            else
            {
                var source = Value(args, "--input") ?? throw new ArgumentException("restore needs --input FILE.");
                var summary = SqliteBackup.Restore(Path.GetFullPath(source), dataDir);
                output.WriteLine($"Restored {summary.Attendees} attendees and {summary.Codes} codes (schema {summary.SchemaVersion}) into {Path.GetFullPath(dataDir)}.");
            }

            return 0;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or InvalidDataException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            error.WriteLine($"RollCall.Server {args[0]}: {exception.Message}");
            return 1;
        }
    }

    private static string? Value(string[] args, string name)
    {
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }
}
