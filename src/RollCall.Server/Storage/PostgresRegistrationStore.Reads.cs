using Npgsql;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>The admin and listing reads of <see cref="PostgresRegistrationStore"/>, each on a pooled connection.</summary>
public sealed partial class PostgresRegistrationStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<CodeRecord>> ListCodesAsync(CodeQuery query, CancellationToken cancellationToken) =>
        UseAsync<IReadOnlyList<CodeRecord>>(
            async connection =>
            {
                var filter = query.State switch
                {
                    CodeState.Outstanding => " AND c.revoked_at IS NULL AND c.redeemed_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > @now)",
                    CodeState.Redeemed => " AND c.revoked_at IS NULL AND c.redeemed_at IS NOT NULL",
                    CodeState.Revoked => " AND c.revoked_at IS NOT NULL",
                    CodeState.Expired => " AND c.revoked_at IS NULL AND c.redeemed_at IS NULL AND c.expires_at <= @now",
                    _ => string.Empty,
                };
                await using var command = new NpgsqlCommand { Connection = connection };
                if (query.Label is not null)
                {
                    filter += " AND c.label = @label";
                    command.Parameters.Add(PostgresRows.Text("label", query.Label));
                }

                command.CommandText = PostgresRows.SelectCodeSql + " WHERE c.seq > @after" + filter + " ORDER BY c.seq LIMIT @limit";
                command.Parameters.AddWithValue("after", query.After?.Sequence ?? 0);
                command.Parameters.AddWithValue("limit", query.Limit);
                command.Parameters.Add(PostgresRows.Time("now", query.Now));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var codes = new List<CodeRecord>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    codes.Add(PostgresRows.ReadCode(reader));
                }

                return codes;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<CodeStats> GetCodeStatsAsync(CancellationToken cancellationToken) =>
        UseAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    SELECT count(*),
                           count(*) FILTER (WHERE revoked_at IS NULL AND redeemed_at IS NOT NULL),
                           count(*) FILTER (WHERE revoked_at IS NULL AND redeemed_at IS NULL AND (expires_at IS NULL OR expires_at > @now)),
                           count(*) FILTER (WHERE revoked_at IS NOT NULL),
                           count(*) FILTER (WHERE revoked_at IS NULL AND redeemed_at IS NULL AND expires_at <= @now)
                    FROM codes
                    """,
                    connection);
                command.Parameters.Add(PostgresRows.Time("now", _time.GetUtcNow()));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return new CodeStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Attendant>> ListAttendantsAsync(long afterNumber, int limit, CancellationToken cancellationToken) =>
        UseAsync<IReadOnlyList<Attendant>>(
            connection => ReadAttendantsAsync(connection, null, afterNumber, limit, cancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ExportedAttendant>> ExportAttendantsAsync(long afterNumber, int limit, CancellationToken cancellationToken) =>
        UseAsync<IReadOnlyList<ExportedAttendant>>(
            async connection =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    SELECT a.number, a.first_name, a.last_name, a.registered_at, a.code, c.label
                    FROM attendants a JOIN codes c ON c.code = a.code
                    WHERE a.number > @after AND a.cancelled_at IS NULL ORDER BY a.number LIMIT @limit
                    """,
                    connection);
                command.Parameters.AddWithValue("after", afterNumber);
                command.Parameters.AddWithValue("limit", limit);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var rows = new List<ExportedAttendant>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(new ExportedAttendant(PostgresRows.ReadAttendant(reader), reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
                }

                return rows;
            },
            cancellationToken);

    // The registered attendees after number `after`, in registration order.
    private static async Task<IReadOnlyList<Attendant>> ReadAttendantsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT number, first_name, last_name, registered_at FROM attendants WHERE number > @after AND cancelled_at IS NULL ORDER BY number LIMIT @limit",
            connection,
            transaction);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var attendants = new List<Attendant>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attendants.Add(PostgresRows.ReadAttendant(reader));
        }

        return attendants;
    }
}
