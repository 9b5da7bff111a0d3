using System.Diagnostics;
using System.Runtime.InteropServices;
using Npgsql;
using Xunit;

namespace RollCall.Testing;

/// <summary>
/// A throwaway PostgreSQL server from the Debian binaries: <c>initdb</c> into a temp folder,
/// <c>pg_ctl</c> listening on a unix socket inside that folder and on no TCP port at all (PostgreSQL
/// cannot bind port 0, and a port probed free could be taken before it binds), trust
/// authentication, <c>fsync=off</c>. When the tests run as root (as in CI), the server runs as the
/// <c>postgres</c> system user, which owns the folder. It can be stopped and started again
/// mid-test; <see cref="DisposeAsync"/> stops it and removes the folder. Use it as an xunit
/// collection fixture (one server per test run) with a fresh database per test
/// (<see cref="CreateDatabaseAsync"/>), or on its own in a test that stops it.
/// When PostgreSQL cannot start, <see cref="InitializeAsync"/> throws with the reason, so the
/// tests fail rather than skip.
/// </summary>
public sealed partial class PostgresServer : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Where Debian 12's postgresql-15 package puts the server binaries.</summary>
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private const string SystemUser = "postgres";

    // Only names the socket file, .s.PGSQL.5432 in the folder; nothing listens on TCP.
    private const int SocketPort = 5432;
    private readonly bool _asSystemUser = GetEffectiveUserId() == 0;
    private readonly string _root;
    private bool _initialized;

    public PostgresServer()
    {
        // The postgres user must be able to reach the folder: /tmp always lets it through.
        var parent = _asSystemUser ? "/tmp" : Path.GetTempPath();
        _root = Path.Combine(parent, $"rollcall-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopQuietly();
    }

    /// <summary>True between a successful start and a stop.</summary>
    public bool IsRunning { get; private set; }

    private string DataDirectory => Path.Combine(_root, "data");

    private string LogFile => Path.Combine(_root, "postgres.log");

    /// <summary>Creates a server and starts it.</summary>
    public static async Task<PostgresServer> StartNewAsync()
    {
        var server = new PostgresServer();
        try
        {
            await server.InitializeAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Initializes the cluster (once) and starts the server.</summary>
    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({BinDirectory}/initdb is missing). Run scripts/install-test-deps.sh (Debian package postgresql).");
        }

        if (!_initialized)
        {
            if (_asSystemUser)
            {
                await RunAsync("chown", [$"{SystemUser}:", _root]);
            }

            await RunServerToolAsync("initdb", ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            _initialized = true;
        }

        await StartAsync();
    }

    /// <summary>Starts the (stopped) server again on the same socket with the same data.</summary>
    public async Task StartAsync()
    {
        var options = $"-p {SocketPort} -k {_root} -c listen_addresses= -c fsync=off -c full_page_writes=off -c max_connections=300";
        await RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options, "start"]);
        IsRunning = true;
    }

    /// <summary>Stops the server at once, like a crash of the database host (<c>pg_ctl stop -m immediate</c>).</summary>
    public async Task StopAsync()
    {
        await RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"]);
        IsRunning = false;
    }

    /// <summary>A connection string for <paramref name="database"/> over the unix socket (a folder as Host).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host={_root};Port={SocketPort};Username=postgres;Database={database}";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"rollcall_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Stops the server and removes its folder.</summary>
    public async Task DisposeAsync()
    {
        if (IsRunning)
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone; the folder is removed below either way.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private void StopQuietly()
    {
        if (!IsRunning)
        {
            return;
        }

        try
        {
            var stop = CreateServerTool("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "stop"]);
            using var process = Process.Start(stop);
            process?.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    private Task RunServerToolAsync(string tool, string[] arguments) => RunAsync(CreateServerTool(tool, arguments));

    private ProcessStartInfo CreateServerTool(string tool, string[] arguments)
    {
        var path = Path.Combine(BinDirectory, tool);
        return _asSystemUser
            ? Start("runuser", ["-u", SystemUser, "--", path, .. arguments])
            : Start(path, arguments);
    }

    private ProcessStartInfo Start(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not enter the test's working directory.
            WorkingDirectory = _root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private Task RunAsync(string file, string[] arguments) => RunAsync(Start(file, arguments));

    private async Task RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : string.Empty;
            throw new InvalidOperationException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} failed with exit code {process.ExitCode}:\n{await output}\n{await error}\n{log}");
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
