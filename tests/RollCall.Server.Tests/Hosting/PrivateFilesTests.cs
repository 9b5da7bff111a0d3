using Microsoft.Extensions.Logging;
using RollCall.Server.Hosting;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Hosting;

/// <summary>
/// Outstanding codes live in the data folder, so under the usual umask 022 (which would make new
/// folders 0755 and files 0644) nothing there is readable by other local users.
/// </summary>
public sealed class PrivateFilesTests
{
    [Fact]
    public async Task ANewDataFolderIs0700AndTheDatabaseWithItsWalAndShmAndTheTokenAre0600()
    {
        FileModes.AssertUsualUmask();
        using var parent = new TempDirectory();
        var folder = Path.Combine(parent.Path, "data");
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:DataDir"] = folder });
        // A registration goes through the WAL, so both -wal and -shm exist while the server runs.
        var channel = app.CreateChannel();
        var code = (await AdminCalls.MintAsync(channel, ReadToken(folder), 1)).Single();
        await new Registration.RegistrationClient(channel).RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code });

        var database = Path.Combine(folder, "rollcall.db");
        Assert.Equal(FileModes.PrivateFolder, File.GetUnixFileMode(folder));
        foreach (var file in new[] { database, database + "-wal", database + "-shm", Path.Combine(folder, "rollcall.lock"), Path.Combine(folder, "admin-token") })
        {
            Assert.True(File.Exists(file), $"{file} does not exist.");
            Assert.True(File.GetUnixFileMode(file) == FileModes.Private, $"{Path.GetFileName(file)} is {FileModes.Octal(File.GetUnixFileMode(file))}.");
        }
    }

    [Fact]
    public async Task ALooserDataFolderIsTightenedAtStartUpWithALogLine()
    {
        FileModes.AssertUsualUmask();
        using var data = new TempDirectory();
        File.SetUnixFileMode(data.Path, FileModes.PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var log = new LogCapture();
        await using var app = new RollCallApplication(dataDirectory: data, configureServices: log.AddTo);

        _ = app.Services;

        Assert.Equal(FileModes.PrivateFolder, File.GetUnixFileMode(data.Path));
        var line = Assert.Single(log.Events, e => e.Category == typeof(PrivateDataFolder).FullName);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal(
            [new("Path", data.Path), new("Found", "0755"), new("Tightened", "0700")],
            line.Values.Where(v => v.Key != "{OriginalFormat}"));
    }

    [Fact]
    public async Task ABackupIs0600()
    {
        FileModes.AssertUsualUmask();
        using var backups = new TempDirectory();
        var backup = backups.File("rollcall-backup.db");
        await using var app = new RollCallApplication();
        _ = app.Services;

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ServerCommandLine.Parse(["backup", "--data-dir", app.DataDirectory.Path, "--output", backup]).Invoke(output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Equal(FileModes.Private, File.GetUnixFileMode(backup));
        Assert.Equal(["rollcall-backup.db"], Directory.GetFileSystemEntries(backups.Path).Select(Path.GetFileName));
    }

    private static string ReadToken(string folder) => File.ReadAllText(Path.Combine(folder, "admin-token")).Trim();
}
