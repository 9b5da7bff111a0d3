using System.Diagnostics;
using RollCall.Server.Hosting;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Hosting;

/// <summary>Online backup of the SQLite database and restore into a stopped server's folder.</summary>
public sealed class BackupTests
{
    [Fact]
    public async Task ABackupTakenWhileTheServerRunsHoldsEveryRegistrationAndRestoresIntoANewServer()
    {
        using var backups = new TempDirectory();
        var backup = backups.File("rollcall-backup.db");
        await using (var app = new RollCallApplication())
        {
            var channel = app.CreateChannel();
            var codes = await AdminCalls.MintAsync(channel, app.AdminToken, 3);
            var registration = new Registration.RegistrationClient(channel);
            await registration.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = codes[0] });
            await registration.RegisterAsync(new RegisterRequest { FirstName = "Grace", LastName = "Hopper", Code = codes[1] });

            var (exit, output, _) = Run("backup", "--data-dir", app.DataDirectory.Path, "--output", backup);

            Assert.Equal(0, exit);
            Assert.Contains("Backed up 2 attendees and 3 codes", output);
            var (refused, _, error) = Run("restore", "--data-dir", app.DataDirectory.Path, "--input", backup);
            Assert.Equal(1, refused);
            Assert.Contains("stop it before restoring", error);
        }

        using var restored = new TempDirectory();
        Assert.Equal(0, Run("restore", "--data-dir", restored.Path, "--input", backup).Exit);
        await using var again = new RollCallApplication(dataDirectory: restored);
        var status = await new Registration.RegistrationClient(again.CreateChannel()).GetStatusAsync(new GetStatusRequest());
        Assert.Equal(2, status.Count);
        Assert.Equal(["Grace", "Ada"], status.RecentAttendants.Select(a => a.FirstName));
    }

    [Fact]
    public void BackingUpOverAnExistingFileIsRefused()
    {
        using var data = new TempDirectory();
        var (exit, _, error) = Run("backup", "--data-dir", data.Path, "--output", data.File("x.db"));
        Assert.Equal(1, exit);
        Assert.Contains("There is no RollCall database", error);
    }

    [Fact]
    public async Task TheServerBinaryRunsTheBackupToolWithoutStarting()
    {
        using var data = new TempDirectory();
        await using (var server = await ServerProcess.StartAsync(data.Path))
        {
            await server.TerminateAsync(TimeSpan.FromSeconds(30));
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { RepositoryPaths.ServerAssembly, "backup", "--data-dir", data.Path, "--output", data.File("copy.db") })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Backed up 0 attendees and 0 codes", output);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ServerCommandLine.Parse(args).Invoke(output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
