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
          AND (expires_at IS NULL OR expires_at > @now) AND event_id IN (SELECT id FROM events WHERE state = 1)
        RETURNING event_id
        """;

    private readonly List<(long EventId, StatusChangeKind Kind, RedeemWrite? Registration, Attendant? Attendant)> _pending = [];
    private readonly List<string> _notices = [];
    private DateTimeOffset _now;

    /// <inheritdoc />
    public async Task<IReadOnlyList<StatusChange>> ExecuteAsync(IReadOnlyList<WriteOperation> operations, DateTimeOffset now)
    {
        _now = now;
        _pending.Clear();
        _notices.Clear();
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
                IEventWrite events => RunEventWriteAsync(events),
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

        List<RedeemWrite>? refused = null;
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            for (var i = start; i < end; i++)
            {
                var write = (RedeemWrite)operations[i];
                if (await reader.ReadAsync())
                {
                    _pending.Add((reader.GetInt64(0), StatusChangeKind.Registered, write, null));
                }
                else
                {
                    (refused ??= []).Add(write);
                }

                await reader.NextResultAsync();
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
            """
            SELECT c.code, c.redeemed_at IS NOT NULL, c.revoked_at IS NOT NULL, c.event_id, e.state = 1,
                   a.number, a.first_name, a.last_name, a.registered_at
            FROM codes c JOIN events e ON e.id = c.event_id LEFT JOIN attendants a ON a.code = c.code AND a.cancelled_at IS NULL
            WHERE c.code = ANY(@codes)
            """,
            _connection,
            _transaction);
        probe.Parameters.Add(Array("codes", NpgsqlDbType.Bigint, refused.Select(r => r.Redemption.Code).Distinct()));
        var found = new Dictionary<long, RedeemResult>();
        await using (var reader = await probe.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found[reader.GetInt64(0)] = new RedeemResult(
                    SqliteDialect.RedeemRefusal(revoked: reader.GetBoolean(2), redeemed: reader.GetBoolean(1), eventOpen: reader.GetBoolean(4)),
                    SqliteDialect.Holder(reader, this),
                    reader.GetInt64(3));
            }
        }

        foreach (var write in refused)
        {
            write.Result = found.GetValueOrDefault(write.Redemption.Code) ?? new RedeemResult(RedeemStatus.UnknownCode);
        }
    }

    /// <summary>
    /// Gives the transaction's changes their versions and writes them. Versions must be gap-free and
    /// in commit order across replicas, because each replica's broadcaster applies an event's changes
    /// strictly in order: a sequence would not do (one transaction takes 5, another 6 and commits
    /// first). So an event's versions (and registration numbers, which the live roll keeps sorted)
    /// come from its row in <c>events</c>, whose lock is held until commit — and to keep that serial
    /// section short it is taken here, as the last step, once per event and transaction (in id
    /// order, so two replicas never wait on each other in a circle): two round trips plus the
    /// commit, however many callers it serves. The NOTIFY is delivered at commit, in commit order.
    /// </summary>
    private async Task<IReadOnlyList<StatusChange>> FlushAsync()
    {
        if (_pending.Count == 0 && _notices.Count == 0)
        {
            return [];
        }

        var counters = new SortedDictionary<long, (long Changes, long Registrations)>();
        foreach (var (eventId, _, registration, _) in _pending)
        {
            var (changes, registrations) = counters.GetValueOrDefault(eventId);
            counters[eventId] = (changes + 1, registrations + (registration is null ? 0 : 1));
        }

        var next = new Dictionary<long, (long Version, long Number)>();
        if (counters.Count > 0)
        {
            await using var counter = new NpgsqlBatch(_connection, _transaction);
            foreach (var (eventId, (changes, registrations)) in counters)
            {
                counter.BatchCommands.Add(new NpgsqlBatchCommand(
                    """
                    UPDATE events SET version = version + @changes, last_attendant = last_attendant + @registrations
                    WHERE id = @event RETURNING id, version, last_attendant
                    """)
                {
                    Parameters = { new("changes", changes), new("registrations", registrations), new("event", eventId) },
                });
            }

            await using var reader = await counter.ExecuteReaderAsync();
            do
            {
                while (await reader.ReadAsync())
                {
                    var (changes, registrations) = counters[reader.GetInt64(0)];
                    next[reader.GetInt64(0)] = (reader.GetInt64(1) - changes, reader.GetInt64(2) - registrations);
                }
            }
            while (await reader.NextResultAsync());
        }

        var made = new List<StatusChange>(_pending.Count);
        var attendants = new List<(long EventId, Attendant Attendant, long Code)>();
        foreach (var (eventId, kind, registration, cancelled) in _pending)
        {
            var (version, number) = next[eventId];
            var attendant = cancelled;
            if (registration is not null)
            {
                var redemption = registration.Redemption;
                attendant = new Attendant(++number, redemption.FirstName, redemption.LastName, _now);
                attendants.Add((eventId, attendant, redemption.Code));
                registration.Result = new RedeemResult(RedeemStatus.Registered, attendant, eventId);
            }

            next[eventId] = (++version, number);
            made.Add(new StatusChange(eventId, version, kind, attendant!));
        }

        await using var write = new NpgsqlBatch(_connection, _transaction);
        if (attendants.Count > 0)
        {
            write.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO attendants (event_id, number, code, first_name, last_name, registered_at)
                SELECT e, n, c, f, l, @now FROM unnest(@events, @numbers, @codes, @firsts, @lasts) AS a(e, n, c, f, l)
                """)
            {
                Parameters =
                {
                    Array("events", NpgsqlDbType.Bigint, attendants.Select(a => a.EventId)),
                    Array("numbers", NpgsqlDbType.Bigint, attendants.Select(a => a.Attendant.Number)),
                    Array("codes", NpgsqlDbType.Bigint, attendants.Select(a => a.Code)),
                    Array("firsts", NpgsqlDbType.Text, attendants.Select(a => a.Attendant.FirstName)),
                    Array("lasts", NpgsqlDbType.Text, attendants.Select(a => a.Attendant.LastName)),
                    TimeParameter("now", _now),
                },
            });
        }

        if (made.Count > 0)
        {
            write.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO status_changes (event_id, version, kind, attendant_number, changed_at)
                SELECT e, v, k, n, @now FROM unnest(@events, @versions, @kinds, @numbers) AS s(e, v, k, n)
                """)
            {
                Parameters =
                {
                    Array("events", NpgsqlDbType.Bigint, made.Select(c => c.EventId)),
                    Array("versions", NpgsqlDbType.Bigint, made.Select(c => c.Version)),
                    Array("kinds", NpgsqlDbType.Smallint, made.Select(c => (short)c.Kind)),
                    Array("numbers", NpgsqlDbType.Bigint, made.Select(c => c.Attendant.Number)),
                    TimeParameter("now", _now),
                },
            });
        }

        foreach (var (eventId, (version, _)) in next)
        {
            _notices.Add(StatusNotice.Status(eventId, version));
        }

        foreach (var notice in _notices.Distinct())
        {
            write.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify(@channel, @payload)")
            {
                Parameters = { Text("channel", NotifyChannel), Text("payload", notice) },
            });
        }

        await write.ExecuteNonQueryAsync();
        return made;
    }

    private async Task RunEventWriteAsync(IEventWrite write)
    {
        await write.RunAsync(this, _now);
        _notices.Add(write.ForgotNamesOf is { } forgotten ? StatusNotice.Forgotten(forgotten) : StatusNotice.Events);
    }

    private async Task IssueAsync(IssueCodesWrite write)
    {
        var issue = write.Issue;
        await using var insert = Command(
            """
            INSERT INTO codes (code, label, issued_at, expires_at, event_id)
            SELECT n.code, @label, @now, @expires, @event FROM unnest(@codes) WITH ORDINALITY AS n(code, i) ORDER BY n.i
            ON CONFLICT (code) DO NOTHING RETURNING seq, code
            """);
        var codes = new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        insert.Parameters.Add(codes);
        insert.Parameters.Add(Text("label", issue.Label));
        insert.Parameters.Add(TimeParameter("now", _now));
        insert.Parameters.Add(TimeParameter("expires", issue.ExpiresAt));
        insert.Parameters.AddWithValue("event", issue.EventId);
        await write.RunAsync(_generator, _now, async drawn =>
        {
            codes.Value = drawn.Codes;
            await using var reader = await insert.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                drawn.Inserted(reader.GetInt64(0), reader.GetInt64(1));
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
            _pending.Add((existing.EventId, StatusChangeKind.Cancelled, null, cancelled));
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

    /// <inheritdoc />
    public System.Data.Common.DbCommand WriteCommand(string sql) => Command(sql);

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };
}
