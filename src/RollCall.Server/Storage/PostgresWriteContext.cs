using Npgsql;
using NpgsqlTypes;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// The open transaction of one batch and the status changes it has made so far. Changes get
/// their versions (and new attendees their numbers) only in <see cref="FlushAsync"/>, the last
/// step before the commit.
/// </summary>
internal sealed class PostgresWriteContext(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now)
{
    /// <summary>The channel every replica LISTENs on; the payload is the last version committed.</summary>
    public const string NotifyChannel = "rollcall_status";

    private const string RedeemSql = """
        UPDATE codes SET redeemed_at = @now
        WHERE code = @code AND redeemed_at IS NULL AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > @now)
        """;

    private readonly List<(StatusChangeKind Kind, PostgresRedeem? Registration, Attendant? Attendant)> _pending = [];

    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction Transaction => transaction;

    public DateTimeOffset Now => now;

    /// <summary>
    /// Redeems each code with one atomic conditional update, all sent in one round trip; the
    /// affected-row count of each decides. Across replicas the row lock serializes attempts on one
    /// code, and a waiting UPDATE re-checks its condition against the committed row: exactly one wins.
    /// </summary>
    public async Task RedeemAsync(IReadOnlyList<PostgresRedeem> redemptions)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var redemption in redemptions)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(RedeemSql)
            {
                Parameters = { new("code", redemption.Redemption.Code), PostgresRows.Time("now", now) },
            });
        }

        await batch.ExecuteNonQueryAsync();
        List<PostgresRedeem>? refused = null;
        for (var i = 0; i < redemptions.Count; i++)
        {
            if (batch.BatchCommands[i].RecordsAffected == 1)
            {
                _pending.Add((StatusChangeKind.Registered, redemptions[i], null));
            }
            else
            {
                (refused ??= []).Add(redemptions[i]);
            }
        }

        if (refused is not null)
        {
            await ExplainRefusalsAsync(refused);
        }
    }

    /// <summary>Records that a registration was cancelled; its version comes at the flush.</summary>
    public void RecordCancellation(Attendant attendant) => _pending.Add((StatusChangeKind.Cancelled, null, attendant));

    /// <summary>
    /// Gives the batch's changes their versions and writes them. Versions must be gap-free and in
    /// commit order across replicas, because each replica's broadcaster applies them strictly in
    /// order: a sequence would not do (one transaction takes 5, another 6 and commits first). So
    /// versions (and registration numbers, which the live roll keeps sorted) come from one
    /// counter row, whose lock is held until commit — and to keep that serial section short it is
    /// taken here, as the last step, once per batch: two round trips plus the commit, however
    /// many callers the batch serves. The NOTIFY is delivered at commit, in commit order.
    /// </summary>
    public async Task<IReadOnlyList<StatusChange>> FlushAsync()
    {
        if (_pending.Count == 0)
        {
            return [];
        }

        var registrations = _pending.Count(p => p.Registration is not null);
        long version, number;
        await using (var counter = new NpgsqlCommand(
            """
            UPDATE status_counter SET version = version + @changes, last_attendant = last_attendant + @registrations
            RETURNING version, last_attendant
            """,
            connection,
            transaction))
        {
            counter.Parameters.AddWithValue("changes", (long)_pending.Count);
            counter.Parameters.AddWithValue("registrations", (long)registrations);
            await using var reader = await counter.ExecuteReaderAsync();
            await reader.ReadAsync();
            version = reader.GetInt64(0) - _pending.Count;
            number = reader.GetInt64(1) - registrations;
        }

        var changes = new List<StatusChange>(_pending.Count);
        var attendants = new List<(Attendant Attendant, long Code)>(registrations);
        foreach (var (kind, registration, cancelled) in _pending)
        {
            var attendant = cancelled;
            if (registration is not null)
            {
                var redemption = registration.Redemption;
                attendant = new Attendant(++number, redemption.FirstName, redemption.LastName, now);
                attendants.Add((attendant, redemption.Code));
                registration.Registered(attendant);
            }

            changes.Add(new StatusChange(++version, kind, attendant!));
        }

        await using var write = new NpgsqlBatch(connection, transaction);
        if (attendants.Count > 0)
        {
            write.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO attendants (number, code, first_name, last_name, registered_at)
                SELECT n, c, f, l, @now FROM unnest(@numbers, @codes, @firsts, @lasts) AS a(n, c, f, l)
                """)
            {
                Parameters =
                {
                    Array("numbers", NpgsqlDbType.Bigint, attendants.Select(a => a.Attendant.Number)),
                    Array("codes", NpgsqlDbType.Bigint, attendants.Select(a => a.Code)),
                    Array("firsts", NpgsqlDbType.Text, attendants.Select(a => a.Attendant.FirstName)),
                    Array("lasts", NpgsqlDbType.Text, attendants.Select(a => a.Attendant.LastName)),
                    PostgresRows.Time("now", now),
                },
            });
        }

        write.BatchCommands.Add(new NpgsqlBatchCommand(
            """
            INSERT INTO status_changes (version, kind, attendant_number, changed_at)
            SELECT v, k, n, @now FROM unnest(@versions, @kinds, @numbers) AS s(v, k, n)
            """)
        {
            Parameters =
            {
                Array("versions", NpgsqlDbType.Bigint, changes.Select(c => c.Version)),
                Array("kinds", NpgsqlDbType.Smallint, changes.Select(c => (short)c.Kind)),
                Array("numbers", NpgsqlDbType.Bigint, changes.Select(c => c.Attendant.Number)),
                PostgresRows.Time("now", now),
            },
        });
        write.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify(@channel, @version)")
        {
            Parameters = { PostgresRows.Text("channel", NotifyChannel), PostgresRows.Text("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
        });
        await write.ExecuteNonQueryAsync();
        return changes;
    }

    private async Task ExplainRefusalsAsync(List<PostgresRedeem> refused)
    {
        // A new statement sees what the refusing UPDATE waited for, so the reason is current.
        await using var probe = new NpgsqlCommand(
            "SELECT code, redeemed_at IS NOT NULL, revoked_at IS NOT NULL FROM codes WHERE code = ANY(@codes)",
            connection,
            transaction);
        probe.Parameters.Add(Array("codes", NpgsqlDbType.Bigint, refused.Select(r => r.Redemption.Code).Distinct()));
        var found = new Dictionary<long, RedeemStatus>();
        await using (var reader = await probe.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found[reader.GetInt64(0)] = reader.GetBoolean(2) ? RedeemStatus.Revoked
                    : reader.GetBoolean(1) ? RedeemStatus.AlreadyUsed
                    : RedeemStatus.Expired;
            }
        }

        foreach (var redemption in refused)
        {
            redemption.Decide(found.GetValueOrDefault(redemption.Redemption.Code, RedeemStatus.UnknownCode));
        }
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };
}
