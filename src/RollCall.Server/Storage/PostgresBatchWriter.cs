using Npgsql;

using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Live;

namespace RollCall.Server.Storage;

/// <summary>
/// Commits one batch of writes for <see cref="PostgresRegistrationStore"/>: one transaction
/// (sometimes a few, see <see cref="Segments"/>), then the committed changes go to the local
/// broadcaster and every caller gets its answer. Failures are sorted: the database being away
/// fails the callers with <see cref="StoreUnavailableException"/>; a failure caused by one
/// operation is isolated by running the operations one by one.
/// </summary>
internal sealed partial class PostgresBatchWriter(
    NpgsqlDataSource dataSource,
    IStatusChangeSink sink,
    StoreAvailability availability,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The answer when the connection broke during COMMIT: the outcome is unknown.</summary>
    public const string CommitUncertainMessage =
        "The database connection broke while saving; the change may or may not have been saved. Check before retrying.";

    private const int MaxAttempts = 3;

    /// <summary>Writes the batch; every operation is completed or failed when this returns.</summary>
    public async Task WriteAsync(IReadOnlyList<PostgresWriteOperation> batch)
    {
        foreach (var segment in Segments(batch))
        {
            await RunAsync(segment);
        }
    }

    /// <summary>
    /// The batch in lock order (ascending code, stable), cut before a revocation of a code that an
    /// earlier redemption in the same transaction registered: the attendee row that revocation
    /// cancels is only written at the end of a transaction, so it goes into the next one.
    /// </summary>
    private static IEnumerable<List<PostgresWriteOperation>> Segments(IReadOnlyList<PostgresWriteOperation> batch)
    {
        var segment = new List<PostgresWriteOperation>(batch.Count);
        var redeemed = new HashSet<long>();
        foreach (var operation in batch.OrderBy(o => o.LockOrder))
        {
            if (operation is PostgresRevokeCode revoke && redeemed.Contains(revoke.Code))
            {
                yield return segment;
                segment = [];
                redeemed.Clear();
            }

            if (operation is PostgresRedeem redeem)
            {
                redeemed.Add(redeem.Redemption.Code);
            }

            segment.Add(operation);
        }

        if (segment.Count > 0)
        {
            yield return segment;
        }
    }

    private async Task RunAsync(List<PostgresWriteOperation> segment)
    {
        for (var attempt = 1; ; attempt++)
        {
            var committing = false;
            try
            {
                IReadOnlyList<StatusChange> changes;
                await using (var connection = await dataSource.OpenConnectionAsync())
                await using (var transaction = await connection.BeginTransactionAsync())
                {
                    var context = new PostgresWriteContext(connection, transaction, PostgresRows.Truncate(time.GetUtcNow()));
                    await ExecuteAsync(context, segment);
                    changes = await context.FlushAsync();
                    committing = true;
                    await transaction.CommitAsync();
                }

                availability.ReportAvailable();
                Publish(changes);
                foreach (var operation in segment)
                {
                    operation.Complete();
                }

                return;
            }
            catch (Exception exception) when (PostgresConnections.IsUnavailable(exception))
            {
                // Idle pooled connections are likely as dead as this one.
                dataSource.Clear();
                if (!committing && attempt == 1)
                {
                    // Nothing was committed (the server rolls back what a dropped connection left
                    // open), so one more try on a fresh connection is safe: a stale pooled
                    // connection after an outage must not cost a caller its request.
                    continue;
                }

                LogUnavailable(logger, exception, segment.Count);
                availability.ReportUnavailable(StoreUnavailableException.DefaultMessage);
                var failure = new StoreUnavailableException(
                    committing ? CommitUncertainMessage : StoreUnavailableException.DefaultMessage, exception);
                foreach (var operation in segment)
                {
                    operation.Fail(failure);
                }

                return;
            }
            catch (Exception exception) when (PostgresConnections.IsRetryable(exception) && attempt < MaxAttempts)
            {
                LogRetrying(logger, exception, attempt);
            }
            catch (Exception exception) when (segment.Count > 1)
            {
                // One operation (not the database) broke the transaction: run each alone, so only it fails.
                LogIsolating(logger, exception, segment.Count);
                foreach (var operation in segment)
                {
                    await RunAsync([operation]);
                }

                return;
            }
            catch (Exception exception)
            {
                LogFailed(logger, exception);
                segment[0].Fail(exception);
                return;
            }
        }
    }

    private static async Task ExecuteAsync(PostgresWriteContext context, List<PostgresWriteOperation> segment)
    {
        var i = 0;
        while (i < segment.Count)
        {
            if (segment[i] is not PostgresRedeem)
            {
                await segment[i++].ExecuteAsync(context);
                continue;
            }

            // Consecutive redemptions (the common case: a whole batch) go in one round trip.
            var run = new List<PostgresRedeem>();
            while (i < segment.Count && segment[i] is PostgresRedeem redeem)
            {
                run.Add(redeem);
                i++;
            }

            await context.RedeemAsync(run);
        }
    }

    private void Publish(IReadOnlyList<StatusChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        try
        {
            sink.Publish(changes);
        }
        catch (Exception exception)
        {
            // The batch is committed; the replica listener catches the broadcaster up instead.
            LogPublishFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "PostgreSQL is unavailable; a write batch of {Count} operations failed")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A write batch hit a deadlock or serialization failure (attempt {Attempt}); running it again")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A write batch of {Count} operations failed; running them one by one")]
    private static partial void LogIsolating(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A write operation failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing committed status changes failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
