using System.Text;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// The SQL of each write in the open transaction. A run of redemptions costs a few statements
/// however long it is, a run of mints one: codes, names and numbers travel as JSON arrays and <c>json_each</c> unpacks
/// them; the writer hands out the next registration numbers and versions itself.
/// </summary>
internal sealed partial class SqliteDialect
{
    private const string RedeemSql = """
        UPDATE codes SET redeemed_at = @now
        WHERE code IN (SELECT value FROM json_each(@codes)) AND redeemed_at IS NULL AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > @now) AND event_id IN (SELECT id FROM events WHERE state = 1)
        RETURNING code, event_id
        """;

    private const string ExplainRefusalsSql = """
        SELECT c.code, c.redeemed_at IS NOT NULL, c.revoked_at IS NOT NULL, c.event_id, e.state = 1,
               a.number, a.first_name, a.last_name, a.registered_at
        FROM codes c JOIN events e ON e.id = c.event_id LEFT JOIN attendants a ON a.code = c.code AND a.cancelled_at IS NULL
        WHERE c.code IN (SELECT value FROM json_each(@codes))
        """;

    // Hands out an event's next versions and registration numbers: the writer holds the only write lock.
    private const string CountersSql = """
        UPDATE events SET version = version + @changes, last_attendant = last_attendant + @registrations
        WHERE id = @event RETURNING version, last_attendant
        """;

    // @rows: [[event, number, code, first name, last name, version], ...]
    private const string InsertAttendantsSql = """
        INSERT INTO attendants (event_id, number, code, first_name, last_name, registered_at)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, @now FROM json_each(@rows)
        """;

    private const string InsertRegisteredChangesSql = """
        INSERT INTO status_changes (event_id, version, kind, attendant_number, changed_at)
        SELECT value ->> 0, value ->> 5, @kind, value ->> 1, @now FROM json_each(@rows)
        """;

    // @rows: [[code, label, expires, event], ...]
    private const string InsertCodesSql = """
        INSERT INTO codes (code, label, issued_at, expires_at, event_id)
        SELECT value ->> 0, value ->> 1, @now, value ->> 2, value ->> 3 FROM json_each(@rows) WHERE true
        ON CONFLICT (code) DO NOTHING RETURNING seq, code
        """;

    private readonly StringBuilder _json = new();
    private List<StatusChange> _changes = [];
    private DateTimeOffset _now;
    private object _nowMs = 0L;

    /// <inheritdoc />
    public async Task<IReadOnlyList<StatusChange>> ExecuteAsync(IReadOnlyList<WriteOperation> operations, DateTimeOffset now)
    {
        _now = now;
        _nowMs = now.ToUnixTimeMilliseconds();
        _changes = [];
        FailedOperation = null;
        _transaction = _writer!.BeginTransaction(deferred: false);
        for (var i = 0; i < operations.Count;)
        {
            // Consecutive redemptions, and consecutive mints, run together.
            if (operations[i] is RedeemWrite or IssueCodesWrite)
            {
                var kind = operations[i].GetType();
                var end = i + 1;
                while (end < operations.Count && operations[end].GetType() == kind)
                {
                    end++;
                }

                if (kind == typeof(RedeemWrite))
                {
                    Redeem(Run<RedeemWrite>(operations, i, end));
                }
                else
                {
                    // A run that fails is run again write by write, which finds the culprit.
                    FailedOperation = end - i == 1 ? operations[i] : null;
                    await IssueCodesWrite.RunAsync(Run<IssueCodesWrite>(operations, i, end), _generator, _now, InsertCodes);
                    FailedOperation = null;
                }

                i = end;
                continue;
            }

            var operation = operations[i++];
            FailedOperation = operation;
            switch (operation)
            {
                case RevokeCodeWrite revoke:
                    Revoke(revoke);
                    break;
                case AdminTokenWrite token:
                    ChangeToken(token);
                    break;
                case IEventWrite events:
                    await events.RunAsync(this, now);
                    break;
                case HealthProbe:
                    Command(HealthProbe.Sql, ("@now", _nowMs)).ExecuteNonQuery();
                    break;
                default:
                    throw new InvalidOperationException($"SQLite cannot run a {operation.GetType().Name}.");
            }

            FailedOperation = null;
        }

        return _changes;
    }

    /// <summary>
    /// Redeems a run of consecutive redemptions: one conditional UPDATE for
    /// all of its codes (a code changes once however many ask for it, and the first to ask wins),
    /// then the new attendees and their status changes in one INSERT each, with the next numbers
    /// and versions, then one query for why the others were refused.
    /// </summary>
    private void Redeem(RedeemWrite[] run)
    {
        var changed = new Dictionary<long, long>();
        using (var reader = Command(RedeemSql, ("@now", _nowMs), ("@codes", Json(run.Select(r => r.Redemption.Code)))).ExecuteReader())
        {
            while (reader.Read())
            {
                changed[reader.GetInt64(0)] = reader.GetInt64(1);
            }
        }

        List<RedeemWrite> refused = changed.Count == 0 ? [.. run] : [];
        if (changed.Count > 0)
        {
            // Each event's counters move once for the whole run.
            var counters = new Dictionary<long, (long Number, long Version)>();
            foreach (var group in changed.Values.GroupBy(e => e))
            {
                using var reader = Command(CountersSql, ("@changes", group.Count()), ("@registrations", group.Count()), ("@event", group.Key)).ExecuteReader();
                reader.Read();
                counters[group.Key] = (reader.GetInt64(1) - group.Count(), reader.GetInt64(0) - group.Count());
            }

            _json.Clear().Append('[');
            foreach (var write in run)
            {
                var redemption = write.Redemption;
                if (!changed.Remove(redemption.Code, out var eventId))
                {
                    refused.Add(write);
                    continue;
                }

                var (number, version) = counters[eventId];
                counters[eventId] = (++number, ++version);
                var attendant = new Attendant(number, redemption.FirstName, redemption.LastName, _now);
                write.Result = new RedeemResult(RedeemStatus.Registered, attendant, eventId);
                _changes.Add(new StatusChange(eventId, version, StatusChangeKind.Registered, attendant));
                _json.Append(_json.Length > 1 ? ",[" : "[").Append(eventId).Append(',').Append(number).Append(',').Append(redemption.Code).Append(',');
                AppendJsonString(redemption.FirstName).Append(',');
                AppendJsonString(redemption.LastName).Append(',').Append(version).Append(']');
            }

            var rows = _json.Append(']').ToString();
            Command(InsertAttendantsSql, ("@now", _nowMs), ("@rows", rows)).ExecuteNonQuery();
            Command(InsertRegisteredChangesSql, ("@now", _nowMs), ("@rows", rows), ("@kind", (int)StatusChangeKind.Registered)).ExecuteNonQuery();
        }

        if (refused.Count == 0)
        {
            return;
        }

        var found = new Dictionary<long, RedeemResult>();
        using (var reader = Command(ExplainRefusalsSql, ("@codes", Json(refused.Select(r => r.Redemption.Code)))).ExecuteReader())
        {
            while (reader.Read())
            {
                found[reader.GetInt64(0)] = new RedeemResult(
                    RedeemRefusal(revoked: reader.GetBoolean(2), redeemed: reader.GetBoolean(1), eventOpen: reader.GetBoolean(4)), Holder(reader, this), reader.GetInt64(3));
            }
        }

        foreach (var write in refused)
        {
            write.Result = found.GetValueOrDefault(write.Redemption.Code) ?? new RedeemResult(RedeemStatus.UnknownCode);
        }
    }

    private static T[] Run<T>(IReadOnlyList<WriteOperation> operations, int start, int end)
        where T : WriteOperation
    {
        var run = new T[end - start];
        for (var i = 0; i < run.Length; i++)
        {
            run[i] = (T)operations[start + i];
        }

        return run;
    }

    private Task InsertCodes(IssueCodesWrite.DrawnCodes drawn)
    {
        _json.Clear().Append('[');
        for (var i = 0; i < drawn.Codes.Length; i++)
        {
            var issue = drawn.Owner(i);
            _json.Append(i == 0 ? "[" : ",[").Append(drawn.Codes[i]).Append(',');
            (issue.Label is null ? _json.Append("null") : AppendJsonString(issue.Label)).Append(',');
            (issue.ExpiresAt is { } expires ? _json.Append(expires.ToUnixTimeMilliseconds()) : _json.Append("null")).Append(',').Append(issue.EventId).Append(']');
        }

        using var reader = Command(InsertCodesSql, ("@now", _nowMs), ("@rows", _json.Append(']').ToString())).ExecuteReader();
        while (reader.Read())
        {
            drawn.Inserted(reader.GetInt64(0), reader.GetInt64(1));
        }

        return Task.CompletedTask;
    }

    private void Revoke(RevokeCodeWrite write)
    {
        CodeRecord? existing;
        using (var reader = Command(DatabaseStore.SelectCodeSql + " WHERE c.code = @code", ("@code", write.Code)).ExecuteReader())
        {
            existing = reader.Read() ? DatabaseStore.ReadCode(reader, this) : null;
        }

        if (existing is null || existing.RevokedAt is not null)
        {
            write.Result = existing is null ? null : new RevokeResult(existing, null, AlreadyRevoked: true);
            return;
        }

        Command(RevokeCodeWrite.RevokeSql, ("@now", _nowMs), ("@code", write.Code)).ExecuteNonQuery();
        Attendant? cancelled = null;
        if (existing.RedeemedAt is not null)
        {
            using var reader = Command(RevokeCodeWrite.CancelSql, ("@now", _nowMs), ("@code", write.Code)).ExecuteReader();
            cancelled = reader.Read() ? DatabaseStore.ReadAttendant(reader, this) : null;
        }

        if (cancelled is not null)
        {
            long version;
            using (var reader = Command(CountersSql, ("@changes", 1), ("@registrations", 0), ("@event", existing.EventId)).ExecuteReader())
            {
                reader.Read();
                version = reader.GetInt64(0);
            }

            Command(
                "INSERT INTO status_changes (event_id, version, kind, attendant_number, changed_at) VALUES (@event, @version, @kind, @number, @now)",
                ("@event", existing.EventId),
                ("@version", version),
                ("@kind", (int)StatusChangeKind.Cancelled),
                ("@number", cancelled.Number),
                ("@now", _nowMs)).ExecuteNonQuery();
            _changes.Add(new StatusChange(existing.EventId, version, StatusChangeKind.Cancelled, cancelled));
        }

        write.Result = new RevokeResult(existing with { RevokedAt = _now }, cancelled, AlreadyRevoked: false);
    }

    /// <summary>Who holds a used code (columns 5..8 of the refusal query), so a retry of the same person can be told apart.</summary>
    internal static Attendant? Holder(System.Data.Common.DbDataReader reader, IStoreDialect dialect) =>
        reader.IsDBNull(5) ? null : new Attendant(reader.GetInt64(5), reader.GetString(6), reader.GetString(7), dialect.ReadTime(reader, 8));

    /// <summary>Why a code that exists was refused: revoked, then used, then its event closed, else expired.</summary>
    internal static RedeemStatus RedeemRefusal(bool revoked, bool redeemed, bool eventOpen) =>
        revoked ? RedeemStatus.Revoked : redeemed ? RedeemStatus.AlreadyUsed : !eventOpen ? RedeemStatus.EventClosed : RedeemStatus.Expired;

    private void ChangeToken(AdminTokenWrite write) =>
        write.Result = Command(write.Sql, ("@name", write.Name), ("@at", write.At.ToUnixTimeMilliseconds()), ("@hash", write.Hash)).ExecuteNonQuery() == 1;

    private string Json(IEnumerable<long> values)
    {
        _json.Clear().Append('[');
        foreach (var value in values)
        {
            _json.Append(_json.Length > 1 ? "," : string.Empty).Append(value);
        }

        return _json.Append(']').ToString();
    }

    // JSON string escaping by hand: everything but quotes, backslashes and control characters goes
    // through as it is, so SQLite reads back exactly the characters given.
    private StringBuilder AppendJsonString(string value)
    {
        _json.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' or '\\' => _json.Append('\\').Append(c),
                < ' ' => _json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => _json.Append(c),
            };
        }

        return _json.Append('"');
    }
}
