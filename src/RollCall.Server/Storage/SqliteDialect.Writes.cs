using System.Text;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// The SQL of each write in the open transaction. A run of redemptions costs a few statements
/// however long it is: codes, names and numbers travel as JSON arrays and <c>json_each</c> unpacks
/// them; the writer hands out the next registration numbers and versions itself.
/// </summary>
internal sealed partial class SqliteDialect
{
    private const string RedeemSql = """
        UPDATE codes SET redeemed_at = @now
        WHERE code IN (SELECT value FROM json_each(@codes)) AND redeemed_at IS NULL AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > @now)
        RETURNING code
        """;

    private const string ExplainRefusalsSql = """
        SELECT code, redeemed_at IS NOT NULL, revoked_at IS NOT NULL FROM codes
        WHERE code IN (SELECT value FROM json_each(@codes))
        """;

    private const string CountersSql = """
        SELECT (SELECT coalesce(max(number), 0) FROM attendants), (SELECT coalesce(max(version), 0) FROM status_changes)
        """;

    // @rows: [[number, code, first name, last name], ...]
    private const string InsertAttendantsSql = """
        INSERT INTO attendants (number, code, first_name, last_name, registered_at)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, @now FROM json_each(@rows)
        """;

    private const string InsertRegisteredChangesSql = """
        INSERT INTO status_changes (version, kind, attendant_number, changed_at)
        SELECT @first + key, @kind, value ->> 0, @now FROM json_each(@rows)
        """;

    private const string InsertCodesSql = """
        INSERT INTO codes (code, label, issued_at, expires_at)
        SELECT value, @label, @now, @expires FROM json_each(@codes) WHERE true
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
            if (operations[i] is RedeemWrite)
            {
                var end = i + 1;
                while (end < operations.Count && operations[end] is RedeemWrite)
                {
                    end++;
                }

                Redeem(operations, i, end);
                i = end;
                continue;
            }

            var operation = operations[i++];
            FailedOperation = operation;
            switch (operation)
            {
                case IssueCodesWrite issue:
                    await issue.RunAsync(_generator, (codes, issued) => InsertCodes(issue.Issue, codes, issued));
                    break;
                case RevokeCodeWrite revoke:
                    Revoke(revoke);
                    break;
                case AdminTokenWrite token:
                    ChangeToken(token);
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
    /// Redeems the run <paramref name="start"/>..<paramref name="end"/>: one conditional UPDATE for
    /// all of its codes (a code changes once however many ask for it, and the first to ask wins),
    /// then the new attendees and their status changes in one INSERT each, with the next numbers
    /// and versions, then one query for why the others were refused.
    /// </summary>
    private void Redeem(IReadOnlyList<WriteOperation> operations, int start, int end)
    {
        var run = new RedeemWrite[end - start];
        for (var i = 0; i < run.Length; i++)
        {
            run[i] = (RedeemWrite)operations[start + i];
        }

        var changed = new HashSet<long>();
        using (var reader = Command(RedeemSql, ("@now", _nowMs), ("@codes", Json(run.Select(r => r.Redemption.Code)))).ExecuteReader())
        {
            while (reader.Read())
            {
                changed.Add(reader.GetInt64(0));
            }
        }

        List<RedeemWrite> refused = changed.Count == 0 ? [.. run] : [];
        if (changed.Count > 0)
        {
            using var counters = Command(CountersSql).ExecuteReader();
            counters.Read();
            var (number, version) = (counters.GetInt64(0), counters.GetInt64(1));
            var first = version + 1;
            _json.Clear().Append('[');
            foreach (var write in run)
            {
                var redemption = write.Redemption;
                if (!changed.Remove(redemption.Code))
                {
                    refused.Add(write);
                    continue;
                }

                var attendant = new Attendant(++number, redemption.FirstName, redemption.LastName, _now);
                write.Result = new RedeemResult(RedeemStatus.Registered, attendant);
                _changes.Add(new StatusChange(++version, StatusChangeKind.Registered, attendant));
                _json.Append(_json.Length > 1 ? ",[" : "[").Append(number).Append(',').Append(redemption.Code).Append(',');
                AppendJsonString(redemption.FirstName).Append(',');
                AppendJsonString(redemption.LastName).Append(']');
            }

            var rows = _json.Append(']').ToString();
            Command(InsertAttendantsSql, ("@now", _nowMs), ("@rows", rows)).ExecuteNonQuery();
            Command(InsertRegisteredChangesSql, ("@now", _nowMs), ("@rows", rows), ("@first", first), ("@kind", (int)StatusChangeKind.Registered)).ExecuteNonQuery();
        }

        if (refused.Count == 0)
        {
            return;
        }

        var found = new Dictionary<long, RedeemStatus>();
        using (var reader = Command(ExplainRefusalsSql, ("@codes", Json(refused.Select(r => r.Redemption.Code)))).ExecuteReader())
        {
            while (reader.Read())
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

    private Task InsertCodes(CodeIssue issue, long[] codes, List<CodeRecord> issued)
    {
        var insert = Command(InsertCodesSql, ("@now", _nowMs), ("@label", issue.Label), ("@expires", issue.ExpiresAt?.ToUnixTimeMilliseconds()), ("@codes", Json(codes)));
        using var reader = insert.ExecuteReader();
        while (reader.Read())
        {
            issued.Add(new CodeRecord(reader.GetInt64(0), reader.GetInt64(1), issue.Label, _now, issue.ExpiresAt, null, null, null));
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
            var change = Command(
                "INSERT INTO status_changes (kind, attendant_number, changed_at) VALUES (@kind, @number, @now) RETURNING version",
                ("@kind", (int)StatusChangeKind.Cancelled),
                ("@number", cancelled.Number),
                ("@now", _nowMs));
            _changes.Add(new StatusChange((long)change.ExecuteScalar()!, StatusChangeKind.Cancelled, cancelled));
        }

        write.Result = new RevokeResult(existing with { RevokedAt = _now }, cancelled, AlreadyRevoked: false);
    }

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
