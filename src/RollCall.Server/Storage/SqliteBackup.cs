using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RollCall.Server.Storage;

/// <summary>
/// Backup and restore of the embedded database. Backup uses SQLite's online backup API, so it is
/// safe while the server runs and writes; restore replaces the database of a stopped server.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Copies the live database in <paramref name="dataDir"/> to <paramref name="destination"/> and checks the copy.</summary>
    public static BackupSummary Backup(string dataDir, string destination)
    {
        var source = DatabaseFile(dataDir);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"There is no RollCall database at {source}.", source);
        }

        if (File.Exists(destination))
        {
            throw new IOException($"{destination} exists already; choose a new file name.");
        }

        using (var from = Open(source, SqliteOpenMode.ReadOnly))
        using (var to = Open(destination, SqliteOpenMode.ReadWriteCreate))
        {
            from.BackupDatabase(to);
        }

        return Check(destination);
    }

    /// <summary>Replaces the database in <paramref name="dataDir"/> with <paramref name="backup"/>; the server must be stopped.</summary>
    public static BackupSummary Restore(string backup, string dataDir)
    {
        var summary = Check(backup);
        Directory.CreateDirectory(dataDir);
        try
        {
            // The running server holds this lock; restoring under it would corrupt its view.
            using var held = new FileStream(Path.Combine(dataDir, "rollcall.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var target = DatabaseFile(dataDir);
            foreach (var leftover in new[] { target + "-wal", target + "-shm" })
            {
                File.Delete(leftover);
            }

            File.Copy(backup, target, overwrite: true);
        }
        catch (IOException exception) when (exception is not FileNotFoundException)
        {
            throw new IOException($"A RollCall server is running on {dataDir}; stop it before restoring.", exception);
        }

        return summary;
    }

    private static BackupSummary Check(string file)
    {
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var integrity = (string?)command.ExecuteScalar();
        if (integrity != "ok")
        {
            throw new InvalidDataException($"{file} fails the integrity check: {integrity}");
        }

        command.CommandText = "PRAGMA user_version";
        var schema = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = "SELECT (SELECT count(*) FROM codes), (SELECT count(*) FROM attendants WHERE cancelled_at IS NULL)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return new BackupSummary(file, schema, reader.GetInt64(0), reader.GetInt64(1));
    }

    private static string DatabaseFile(string dataDir) => Path.Combine(Path.GetFullPath(dataDir), "rollcall.db");

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}

/// <summary>What a backup file holds.</summary>
public sealed record BackupSummary(string File, int SchemaVersion, long Codes, long Attendees);
