using System.CommandLine;
using RollCall.Server.Application;
using RollCall.Server.Storage;

namespace RollCall.Server.Hosting;

/// <summary>
/// Operator commands that run instead of the server: <c>backup</c> and <c>restore</c> of the embedded
/// database. <c>RollCall.Server backup --data-dir DIR --output FILE</c> is safe while the server runs.
/// The data folder comes from the server's own configuration (<c>--data-dir</c>,
/// <c>ROLLCALL_DATA_DIR</c>, <c>RollCall:DataDir</c> in appsettings.json, <c>./data</c>).
/// </summary>
public static class ServerTools
{
    /// <summary><c>backup --output FILE</c>: an online copy of the database, checked for integrity.</summary>
    public static Command CreateBackupCommand(Option<string> dataDir)
    {
        var output = new Option<string>("--output") { Description = "The backup file to write (must not exist)", HelpName = "FILE", Required = true };
        var command = new Command("backup", "Online backup of the SQLite database (safe while the server runs)") { dataDir, output };
        command.SetAction(parseResult => Run(parseResult, "backup", (folder, writer) =>
        {
            var summary = PrivateBackup(folder, Path.GetFullPath(parseResult.GetValue(output)!));
            writer.WriteLine($"Backed up {summary.Attendees} attendees and {summary.Codes} codes (schema {summary.SchemaVersion}) to {summary.File}; integrity ok.");
        }));
        return command;
    }

    /// <summary><c>restore --input FILE</c>: replaces the database of a stopped server.</summary>
    public static Command CreateRestoreCommand(Option<string> dataDir)
    {
        var input = new Option<string>("--input") { Description = "The backup file to restore", HelpName = "FILE", Required = true };
        var command = new Command("restore", "Replace the database of a stopped server with a backup") { dataDir, input };
        command.SetAction(parseResult => Run(parseResult, "restore", (folder, writer) =>
        {
            var summary = SqliteBackup.Restore(Path.GetFullPath(parseResult.GetValue(input)!), folder);
            writer.WriteLine($"Restored {summary.Attendees} attendees and {summary.Codes} codes (schema {summary.SchemaVersion}) into {Path.GetFullPath(folder)}.");
        }));
        return command;
    }

    /// <summary>
    /// A backup nobody else can read at any moment: written in a 0700 folder beside the target,
    /// made 0600, then moved into place (a rename, so it appears whole or not at all).
    /// </summary>
    private static BackupSummary PrivateBackup(string dataDir, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            return SqliteBackup.Backup(dataDir, destination);
        }

        if (File.Exists(destination))
        {
            throw new IOException($"{destination} exists already; choose a new file name.");
        }

        var staging = Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(staging, PrivateDataFolder.FolderMode);
        try
        {
            var staged = Path.Combine(staging, Path.GetFileName(destination));
            var summary = SqliteBackup.Backup(dataDir, staged);
            File.SetUnixFileMode(staged, PrivateDataFolder.FileMode);
            File.Move(staged, destination, overwrite: false);
            return summary with { File = destination };
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static int Run(ParseResult parseResult, string tool, Action<string, TextWriter> run)
    {
        var configuration = ServerCommandLine.ToolConfiguration(parseResult);
        var dataDir = configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.DataDir ?? new DataOptions().DataDir;
        try
        {
            run(dataDir, parseResult.InvocationConfiguration.Output);
            return 0;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or InvalidDataException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"RollCall.Server {tool}: {exception.Message}");
            return 1;
        }
    }
}
