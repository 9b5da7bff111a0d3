using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Storage;

namespace RollCall.Server.Tests.Storage;

/// <summary>
/// Which database errors are outages (UNAVAILABLE, 503, not ready) and which belong to one operation,
/// on the errors the providers really throw. The engine tests show each kind end to end.
/// </summary>
public sealed class StoreErrorClassificationTests
{
    private static readonly SqliteDialect _sqlite = new(Options.Create(new DataOptions { DataDir = Path.GetTempPath() }), new CodeGenerator(), NullLogger<SqliteDialect>.Instance);

    [Theory]
    [InlineData(5)] // BUSY
    [InlineData(6)] // LOCKED
    [InlineData(7)] // NOMEM
    [InlineData(8)] // READONLY
    [InlineData(10)] // IOERR
    [InlineData(10 | (4 << 8))] // IOERR_FSYNC, an extended code
    [InlineData(11)] // CORRUPT
    [InlineData(13)] // FULL
    [InlineData(14)] // CANTOPEN
    [InlineData(26)] // NOTADB
    public void SqliteErrorsOfTheDiskAndTheFileAreOutages(int code) =>
        Assert.Equal(WriteFailure.Outage, _sqlite.Classify(new SqliteException("outage", code)));

    [Theory]
    [InlineData(19)] // CONSTRAINT
    [InlineData(1)] // ERROR, e.g. a statement the schema does not support
    public void SqliteConstraintAndStatementErrorsBelongToOneOperation(int code) =>
        Assert.Equal(WriteFailure.Operation, _sqlite.Classify(new SqliteException("one operation", code)));

    [Fact]
    public void OnlyAnIoErrorDuringCommitLeavesASqliteCommitUncertain()
    {
        Assert.True(_sqlite.MayHaveCommitted(new SqliteException("fsync failed", 10 | (4 << 8))));
        Assert.False(_sqlite.MayHaveCommitted(new SqliteException("full", 13)));
    }

    [Theory]
    [InlineData("25006")] // read-only transaction
    [InlineData("57014")] // query cancelled, statement timeout
    [InlineData("53100")] // disk full
    [InlineData("53300")] // too many connections
    [InlineData("08006")] // connection failure
    [InlineData("57P01")] // admin shutdown
    [InlineData("58030")] // I/O error
    [InlineData("28P01")] // authentication failed
    [InlineData("3D000")] // no such database
    public void PostgresOutagesAreOutages(string sqlState) =>
        Assert.Equal(WriteFailure.Outage, Postgres().Classify(new PostgresException("outage", "ERROR", "ERROR", sqlState)));

    [Theory]
    [InlineData("40P01")] // deadlock
    [InlineData("40001")] // serialization failure
    public void PostgresDeadlocksAreRunAgain(string sqlState) =>
        Assert.Equal(WriteFailure.Transient, Postgres().Classify(new PostgresException("transient", "ERROR", "ERROR", sqlState)));

    [Theory]
    [InlineData("23505")] // unique violation
    [InlineData("P0001")] // raised by a trigger
    public void PostgresConstraintAndTriggerErrorsBelongToOneOperation(string sqlState) =>
        Assert.Equal(WriteFailure.Operation, Postgres().Classify(new PostgresException("one operation", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void APostgresConnectionThatBreaksDuringCommitLeavesItUncertainAnErrorAnswerDoesNot()
    {
        var dialect = Postgres();
        Assert.Equal(WriteFailure.Outage, dialect.Classify(new NpgsqlException("Exception while reading from stream", new IOException())));
        Assert.True(dialect.MayHaveCommitted(new NpgsqlException("Exception while reading from stream", new IOException())));
        Assert.True(dialect.MayHaveCommitted(new PostgresException("terminating connection", "FATAL", "FATAL", "57P01")));
        Assert.False(dialect.MayHaveCommitted(new PostgresException("could not extend file", "ERROR", "ERROR", "53100")));
    }

    private static PostgresDialect Postgres() =>
        new(Options.Create(new StorageOptions { ConnectionString = "Host=127.0.0.1;Database=nowhere" }), new CodeGenerator());
}
