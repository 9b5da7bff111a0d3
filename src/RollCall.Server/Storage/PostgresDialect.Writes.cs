using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// The SQL of each write in the open transaction. Changes get their versions (and new attendees
/// their numbers) only in <see cref="FlushAsync"/>, the last step before the commit.
/// </summary>
internal sealed partial class PostgresDialect
{
    private const string RedeemSql = """
        UPDATE codes SET redeemed_at = @now
        WHERE code = @code AND redeemed_at IS NULL AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > @now)
        """;

    private readonly List<(StatusChangeKind Kind, RedeemWrite? Registration, Attendant? Attendant)> _pending = [];
    private DateTimeOffset _now;

    /// <inheritdoc />
    public async Task<IReadOnlyList<StatusChange>> ExecuteAsync(IReadOnlyList<WriteOperation> operations, DateTimeOffset now)
    {
        _now = now;
        _pending.Clear();
        FailedOperation = null;
        _connection ??= await _writerSource.OpenConnectionAsync();
        _transaction = await _connection.BeginTransactionAsync();
        for (var i = 0; i < operations.Count;)
        {
            if (operations[i] is RedeemWrite)
            {
                // Consecutive redemptions (the common case: a whole batch) go in one round trip.
                var end = i + 1;
                while (end < operations.Count && operations[end] is RedeemWrite)
                {
                    end++;
                }

                await RedeemAsync(operations, i, end);
                i = end;
                continue;
            }

            var operation = operations[i++];
            FailedOperation = operation;
            await (operation switch
            {
                IssueCodesWrite issue => IssueAsync(issue),
                RevokeCodeWrite revoke => RevokeAsync(revoke),
                AdminTokenWrite token => ChangeTokenAsync(token),
                HealthProbe => ProbeAsync(),
                _ => throw new InvalidOperationException($"PostgreSQL cannot run a {operation.GetType().Name}."),
            });
            FailedOperation = null;
        }

        return await FlushAsync();
    }

    /// <summary>
    /// Redeems each code of the run with one atomic conditional update, all sent in one round trip;
    /// the affected-row count of each decides. Across replicas the row lock serializes attempts on one
    /// code, and a waiting UPDATE re-checks its condition against the committed row: exactly one wins.
    /// </summary>
    private async Task RedeemAsync(IReadOnlyList<WriteOperation> operations, int start, int end)
    {
        await using var batch = new NpgsqlBatch(_connection, _transaction);
        for (var i = start; i < end; i++)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(RedeemSql)
            {
                Parameters = { new("code", ((RedeemWrite)operations[i]).Redemption.Code), TimeParameter("now", _now) },
            });
        }

        await batch.ExecuteNonQueryAsync();
        List<RedeemWrite>? refused = null;
        for (var i = start; i < end; i++)
        {
            var write = (RedeemWrite)operations[i];
            if (batch.BatchCommands[i - start].RecordsAffected == 1)
            {
                _pending.Add((StatusChangeKind.Registered, write, null));
            }
            else
            {
                (refused ??= []).Add(write);
            }
        }

        if (refused is not null)
        {
            await ExplainRefusalsAsync(refused);
        }
    }

    private async Task ExplainRefusalsAsync(List<RedeemWrite> refused)
    {
        // A new statement sees what the refusing UPDATE waited for, so the reason is current.
        await using var probe = new NpgsqlCommand(
            "SELECT code, redeemed_at IS NOT NULL, revoked_at IS NOT NULL FROM codes WHERE code = ANY(@codes)",
            _connection,
            _transaction);
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

        foreach (var write in refused)
        {
            write.Result = new RedeemResult(found.GetValueOrDefault(write.Redemption.Code, RedeemStatus.UnknownCode));
        }
    }

    /// <summary>
    /// Gives the transaction's changes their versions and writes them. Versions must be gap-free and
    /// in commit order across replicas, because each replica's broadcaster applies them strictly in
    /// order: a sequence would not do (one transaction takes 5, another 6 and commits first). So
    /// versions (and registration numbers, which the live roll keeps sorted) come from one counter
    /// row, whose lock is held until commit — and to keep that serial section short it is taken
    /// here, as the last step, once per transaction: two round trips plus the commit, however many
    /// callers it serves. The NOTIFY is delivered at commit, in commit order.
    /// </summary>
    private async Task<IReadOnlyList<StatusChange>> FlushAsync()
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
            _connection,
            _transaction))
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
                attendant = new Attendant(++number, redemption.FirstName, redemption.LastName, _now);
                attendants.Add((attendant, redemption.Code));
                registration.Result = new RedeemResult(RedeemStatus.Registered, attendant);
            }

            changes.Add(new StatusChange(++version, kind, attendant!));
        }

        await using var write = new NpgsqlBatch(_connection, _transaction);
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
                    TimeParameter("now", _now),
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
                TimeParameter("now", _now),
            },
        });
        write.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify(@channel, @version)")
        {
            Parameters = { Text("channel", NotifyChannel), Text("version", version.ToString(CultureInfo.InvariantCulture)) },
        });
        await write.ExecuteNonQueryAsync();
        return changes;
    }

    private async Task IssueAsync(IssueCodesWrite write)
    {
        var issue = write.Issue;
        await using var insert = Command(
            """
            INSERT INTO codes (code, label, issued_at, expires_at)
            SELECT n.code, @label, @now, @expires FROM unnest(@codes) WITH ORDINALITY AS n(code, i) ORDER BY n.i
            ON CONFLICT (code) DO NOTHING RETURNING seq, code
            """);
        var codes = new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        insert.Parameters.Add(codes);
        insert.Parameters.Add(Text("label", issue.Label));
        insert.Parameters.Add(TimeParameter("now", _now));
        insert.Parameters.Add(TimeParameter("expires", issue.ExpiresAt));
        await write.RunAsync(_generator, async (drawn, issued) =>
        {
            codes.Value = drawn;
            await using var reader = await insert.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                issued.Add(new CodeRecord(reader.GetInt64(0), reader.GetInt64(1), issue.Label, _now, issue.ExpiresAt, null, null, null));
            }
        });
    }

    private async Task RevokeAsync(RevokeCodeWrite write)
    {
        // Lock the row first, then read it in a second statement: under READ COMMITTED that
        // statement's snapshot is taken after the lock, so it sees a registration another replica
        // committed while this one waited (a locking join would still miss its attendee row).
        var code = write.Code;
        await using var batch = new NpgsqlBatch(_connection, _transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT 1 FROM codes WHERE code = @code FOR UPDATE") { Parameters = { new("code", code) } },
                new NpgsqlBatchCommand(DatabaseStore.SelectCodeSql + " WHERE c.code = @code") { Parameters = { new("code", code) } },
            },
        };
        CodeRecord? existing;
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await reader.NextResultAsync();
            existing = await reader.ReadAsync() ? DatabaseStore.ReadCode(reader, this) : null;
        }

        if (existing is null || existing.RevokedAt is not null)
        {
            write.Result = existing is null ? null : new RevokeResult(existing, null, AlreadyRevoked: true);
            return;
        }

        await using (var revoke = Command(RevokeCodeWrite.RevokeSql))
        {
            revoke.Parameters.Add(TimeParameter("now", _now));
            revoke.Parameters.AddWithValue("code", code);
            await revoke.ExecuteNonQueryAsync();
        }

        Attendant? cancelled = null;
        if (existing.RedeemedAt is not null)
        {
            await using var cancel = Command(RevokeCodeWrite.CancelSql);
            cancel.Parameters.Add(TimeParameter("now", _now));
            cancel.Parameters.AddWithValue("code", code);
            await using var reader = await cancel.ExecuteReaderAsync();
            cancelled = await reader.ReadAsync() ? DatabaseStore.ReadAttendant(reader, this) : null;
        }

        if (cancelled is not null)
        {
            _pending.Add((StatusChangeKind.Cancelled, null, cancelled));
        }

        write.Result = new RevokeResult(existing with { RevokedAt = _now }, cancelled, AlreadyRevoked: false);
    }

    private async Task ChangeTokenAsync(AdminTokenWrite write)
    {
        await using var command = Command(write.Sql);
        command.Parameters.Add(Text("name", write.Name));
        command.Parameters.Add(TimeParameter("at", write.At));
        if (write.Hash is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Bytea) { Value = write.Hash });
        }

        write.Result = await command.ExecuteNonQueryAsync() == 1;
    }

    private async Task ProbeAsync()
    {
        await using var command = Command(HealthProbe.Sql);
        command.Parameters.Add(TimeParameter("now", _now));
        await command.ExecuteNonQueryAsync();
    }

    private NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };
}
