using Microsoft.Extensions.Options;
using RollCall.Server.Application;
using RollCall.Server.Storage;

namespace RollCall.Server.Hosting;

/// <summary>
/// Keeps the data folder to its owner before anything opens it: the folder is created 0700, or
/// tightened to it (with a log line) when it is looser, and the SQLite database and lock file are
/// created 0600 before SQLite opens them. SQLite gives the <c>-wal</c> and <c>-shm</c> files the
/// mode of their database, so they are 0600 too, whatever the umask. Outstanding codes live there.
/// </summary>
public sealed partial class PrivateDataFolder(
    IOptions<DataOptions> data,
    IOptions<StorageOptions> storage,
    ILogger<PrivateDataFolder> logger) : IHostedLifecycleService
{
    /// <summary>rwx------: the data folder's mode.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw-------: the mode of every file the server keeps there.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OthersBits =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Runs before every hosted service starts, so before the store opens the database.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Prepare();
        return Task.CompletedTask;
    }

    /// <summary>Creates or tightens the folder and pre-creates the database files.</summary>
    public void Prepare()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Path.GetFullPath(data.Value.DataDir);
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, FolderMode);
        }
        else
        {
            Tighten(folder, FolderMode);
        }

        if (storage.Value.UsesPostgres)
        {
            return;
        }

        var database = Path.Combine(folder, "rollcall.db");
        foreach (var file in new[] { database, Path.Combine(folder, "rollcall.lock") })
        {
            CreatePrivate(file);
        }

        foreach (var file in new[] { database + "-wal", database + "-shm" })
        {
            if (File.Exists(file))
            {
                Tighten(file, FileMode);
            }
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void CreatePrivate(string file)
    {
        try
        {
            // An empty file is an empty database to SQLite, which then keeps this mode.
            using var created = new FileStream(file, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = FileMode,
            });
        }
        catch (IOException) when (File.Exists(file))
        {
            Tighten(file, FileMode);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void Tighten(string path, UnixFileMode mode)
    {
        var found = File.GetUnixFileMode(path);
        if ((found & OthersBits) == 0)
        {
            return;
        }

        var tightened = found & ~OthersBits & mode;
        try
        {
            File.SetUnixFileMode(path, tightened);
            LogTightened(path, Octal(found), Octal(tightened));
        }
        catch (UnauthorizedAccessException)
        {
            LogCannotTighten(path, Octal(found));
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} was readable by other users (mode {Found}); tightened it to {Tightened}")]
    private partial void LogTightened(string path, string found, string tightened);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is readable by other users (mode {Found}) and belongs to another user; run chmod go= on it")]
    private partial void LogCannotTighten(string path, string found);
}

/// <summary>Registers the data folder's preparation.</summary>
public static class PrivateDataFolderServiceCollectionExtensions
{
    /// <summary>Adds <see cref="PrivateDataFolder"/>, which runs before every other hosted service starts.</summary>
    public static IServiceCollection AddRollCallPrivateDataFolder(this IServiceCollection services)
    {
        services.AddSingleton<PrivateDataFolder>();
        services.AddHostedService(sp => sp.GetRequiredService<PrivateDataFolder>());
        return services;
    }
}
