using Microsoft.Data.Sqlite;
using RollCall.Server.Domain;
using RollCall.Server.Storage;
using RollCall.Testing;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// A batch of writes commits as one transaction without savepoints; when one operation fails on
/// its own, the batch is run again with a savepoint around each, so only that one fails.
/// </summary>
public sealed class SqliteGroupCommitTests
{
    private static readonly DateTimeOffset _now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AWholeBatchCommitsAndEveryOperationGetsItsResult()
    {
        using var folder = new TempDirectory();
        using var connection = Open(folder);
        using var context = new SqliteWriteContext(connection);
        var batch = Enumerable.Range(0, 50).Select(_ => new IssueCodesOperation(new CodeIssue(2, "batch", null), Generator())).ToList();
        var succeeded = new List<SqliteWriteOperation>();

        context.Run(batch, _now, succeeded);
        succeeded.ForEach(o => o.Complete());

        Assert.Equal(batch.Count, succeeded.Count);
        Assert.Equal(100, (await Task.WhenAll(batch.Select(o => o.Task))).Sum(codes => codes.Count));
        Assert.Equal(100L, Count(connection, "SELECT count(*) FROM codes WHERE label = 'batch'"));
    }

    [Fact]
    public async Task AnOperationThatFailsOnItsOwnFailsAloneAndTheRestOfTheBatchCommits()
    {
        using var folder = new TempDirectory();
        using var connection = Open(folder);
        using var context = new SqliteWriteContext(connection);
        var before = new IssueCodesOperation(new CodeIssue(3, "kept", null), Generator());
        var failing = new FailingOperation();
        var after = new IssueCodesOperation(new CodeIssue(4, "kept", null), Generator());
        var succeeded = new List<SqliteWriteOperation>();

        context.Run([before, failing, after], _now, succeeded);
        succeeded.ForEach(o => o.Complete());

        Assert.Equal([before, after], succeeded);
        Assert.Equal(3, (await before.Task).Count);
        Assert.Equal(4, (await after.Task).Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Task);
        // The failing operation's own insert was undone with it; the first run's inserts were rolled back and redone once.
        Assert.Equal(7L, Count(connection, "SELECT count(*) FROM codes WHERE label = 'kept'"));
        Assert.Equal(0L, Count(connection, "SELECT count(*) FROM codes WHERE label = 'failing'"));
    }

    private static SqliteConnection Open(TempDirectory folder)
    {
        var connection = new SqliteConnection($"Data Source={folder.File("rollcall.db")};Pooling=False");
        connection.Open();
        SqliteSchema.Migrate(connection);
        return connection;
    }

    private static CodeGenerator Generator() => new();

    private static long Count(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Writes a code, then fails, as a constraint or an exhausted code space would.</summary>
    private sealed class FailingOperation : SqliteWriteOperation<int>
    {
        protected override int Run(SqliteWriteContext context)
        {
            var insert = context.Command("failing-insert", "INSERT INTO codes (code, label, issued_at) VALUES (42, 'failing', $now)");
            insert.Parameters["$now"].Value = context.NowMs;
            insert.ExecuteNonQuery();
            throw new InvalidOperationException("This operation always fails.");
        }
    }
}
