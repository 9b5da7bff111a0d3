using RollCall.Server.Application;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>
/// One write waiting for the <see cref="WriteEngine"/>, which runs many of them in one transaction
/// (group commit). The dialect works out the result inside the transaction; the caller gets it only
/// after the commit, or the failure if nothing of it was committed.
/// </summary>
internal abstract class WriteOperation
{
    /// <summary>Delivers the pending result; called after the commit.</summary>
    public abstract void Complete();

    /// <summary>Delivers a failure; nothing of this operation was committed (or, when said so, may have been).</summary>
    public abstract void Fail(Exception exception);
}

/// <summary>A write whose caller awaits a <typeparamref name="TResult"/>.</summary>
internal abstract class WriteOperation<TResult> : WriteOperation
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the commit with <see cref="Result"/>.</summary>
    public Task<TResult> Task => _completion.Task;

    /// <summary>The result the dialect worked out in the open transaction; set again if the transaction runs again.</summary>
    public TResult? Result { get; set; }

    /// <inheritdoc />
    public override void Complete() => _completion.TrySetResult(Result!);

    /// <inheritdoc />
    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}

/// <summary>Redeems a code; dialects run consecutive redemptions of a batch together.</summary>
internal sealed class RedeemWrite(Redemption redemption) : WriteOperation<RedeemResult>
{
    public Redemption Redemption => redemption;
}

/// <summary>Mints codes: draws, inserts, and draws again for codes that exist already.</summary>
internal sealed class IssueCodesWrite(CodeIssue issue) : WriteOperation<IReadOnlyList<CodeRecord>>
{
    private const int MaxRounds = 64;

    // Made when the write's run starts.
    private List<CodeRecord> _issued = null!;

    public CodeIssue Issue => issue;

    /// <summary>Issues this write's codes; see <see cref="RunAsync(IReadOnlyList{IssueCodesWrite}, CodeGenerator, DateTimeOffset, Func{DrawnCodes, Task})"/>.</summary>
    public Task RunAsync(CodeGenerator generator, DateTimeOffset now, Func<DrawnCodes, Task> insert) => RunAsync([this], generator, now, insert);

    /// <summary>
    /// Issues the codes of a run of writes together, in a few rounds of one statement each (the
    /// 2016 GetCode calls of a batch, up to a thousand, cost one INSERT, not one each): <paramref name="insert"/>
    /// inserts the drawn codes and reports each row it inserted; a code that exists already is not
    /// reported and is drawn again. Each write's result is in issue order.
    /// </summary>
    public static async Task RunAsync(IReadOnlyList<IssueCodesWrite> run, CodeGenerator generator, DateTimeOffset now, Func<DrawnCodes, Task> insert)
    {
        foreach (var write in run)
        {
            write._issued = new List<CodeRecord>(write.Issue.Count);
        }

        for (var round = 0; DrawnCodes.Draw(run, generator, now, MaxRounds) is { } drawn; round++)
        {
            if (round == MaxRounds)
            {
                throw new InvalidOperationException("The code space is nearly exhausted; use longer codes (--code-digits).");
            }

            await insert(drawn);
        }

        foreach (var write in run)
        {
            if (write._issued.Count > 1)
            {
                write._issued.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            }

            write.Result = write._issued;
        }
    }

    /// <summary>The codes one round drew for a run of writes; the insert reports back the rows it inserted.</summary>
    internal sealed class DrawnCodes
    {
        private readonly IssueCodesWrite[] _owners;
        private readonly Dictionary<long, IssueCodesWrite>? _ownerOf;
        private readonly DateTimeOffset _now;

        private DrawnCodes(long[] codes, IssueCodesWrite[] owners, Dictionary<long, IssueCodesWrite>? ownerOf, DateTimeOffset now)
        {
            Codes = codes;
            _owners = owners;
            _ownerOf = ownerOf;
            _now = now;
        }

        /// <summary>Distinct codes, each for the write at the same index of <see cref="Owner"/>.</summary>
        public long[] Codes { get; }

        /// <summary>The issue the code at <paramref name="index"/> is drawn for.</summary>
        public CodeIssue Owner(int index) => _owners[index].Issue;

        /// <summary>Records the row the insert put in for one of <see cref="Codes"/>.</summary>
        public void Inserted(long sequence, long code)
        {
            var owner = _ownerOf is null ? _owners[0] : _ownerOf[code];
            var issue = owner.Issue;
            owner._issued.Add(new CodeRecord(issue.EventId, sequence, code, issue.Label, _now, issue.ExpiresAt, null, null, null));
        }

        // Null when every write has its codes. One code (the 2016 GetCode alone) needs no map.
        internal static DrawnCodes? Draw(IReadOnlyList<IssueCodesWrite> run, CodeGenerator generator, DateTimeOffset now, int maxRounds)
        {
            var missing = 0;
            foreach (var write in run)
            {
                missing += write.Issue.Count - write._issued.Count;
            }

            if (missing == 0)
            {
                return null;
            }

            if (missing == 1)
            {
                foreach (var write in run)
                {
                    if (write._issued.Count < write.Issue.Count)
                    {
                        return new DrawnCodes([generator.Next()], [write], null, now);
                    }
                }
            }

            var ownerOf = new Dictionary<long, IssueCodesWrite>(missing);
            var codes = new List<long>(missing);
            var owners = new List<IssueCodesWrite>(missing);
            foreach (var write in run)
            {
                var wanted = write.Issue.Count - write._issued.Count;
                for (var attempt = 0; wanted > 0 && attempt < write.Issue.Count * maxRounds; attempt++)
                {
                    var code = generator.Next();
                    if (ownerOf.TryAdd(code, write))
                    {
                        codes.Add(code);
                        owners.Add(write);
                        wanted--;
                    }
                }
            }

            return new DrawnCodes([.. codes], [.. owners], ownerOf, now);
        }
    }
}

/// <summary>Revokes a code and cancels the registration it was used for.</summary>
internal sealed class RevokeCodeWrite(long code) : WriteOperation<RevokeResult?>
{
    /// <summary>Marks the code revoked (both databases).</summary>
    public const string RevokeSql = "UPDATE codes SET revoked_at = @now WHERE code = @code";

    /// <summary>Cancels the registration the code was used for, returning the attendee (both databases).</summary>
    public const string CancelSql = """
        UPDATE attendants SET cancelled_at = @now WHERE code = @code AND cancelled_at IS NULL
        RETURNING number, first_name, last_name, registered_at
        """;

    public long Code => code;
}

/// <summary>What an <see cref="AdminTokenWrite"/> does.</summary>
internal enum AdminTokenChange
{
    /// <summary>Adds a token unless one in force has the name.</summary>
    Add,

    /// <summary>Gives the token in force a new hash.</summary>
    Replace,

    /// <summary>Revokes the token in force.</summary>
    Revoke,
}

/// <summary>A change to the named admin tokens (<see cref="IAdminTokenStore"/>); true when a row changed.</summary>
internal sealed class AdminTokenWrite(AdminTokenChange change, string name, byte[]? hash, DateTimeOffset at) : WriteOperation<bool>
{
    public string Name => name;

    public byte[]? Hash => hash;

    /// <summary>When, in milliseconds like every stored instant.</summary>
    public DateTimeOffset At { get; } = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    /// <summary>
    /// One statement (both databases): when two replicas create the same name at once, the unique
    /// index on the names in force lets exactly one of them succeed.
    /// </summary>
    public string Sql => change switch
    {
        AdminTokenChange.Add => "INSERT INTO admin_tokens (name, hash, created_at) VALUES (@name, @hash, @at) ON CONFLICT DO NOTHING",
        AdminTokenChange.Replace => "UPDATE admin_tokens SET hash = @hash, rotated_at = @at WHERE name = @name AND revoked_at IS NULL",
        _ => "UPDATE admin_tokens SET revoked_at = @at WHERE name = @name AND revoked_at IS NULL",
    };
}

/// <summary>
/// A tiny real write (the one row of the <c>health</c> table): while the store is in an outage,
/// readiness returns only once a write commits again.
/// </summary>
internal sealed class HealthProbe : WriteOperation<bool>
{
    /// <summary>The probe's statement (both databases).</summary>
    public const string Sql = "UPDATE health SET checked_at = @now";

    public HealthProbe() => Result = true;
}

/// <summary>
/// A change to the events (<see cref="IEventStore"/>). Rare and small, so one SQL text serves both
/// databases, run through <see cref="IStoreDialect.WriteCommand"/> in the writer's transaction.
/// </summary>
internal abstract class EventWrite<TResult> : WriteOperation<TResult>, IEventWrite
{
    /// <inheritdoc />
    public abstract Task RunAsync(IStoreDialect dialect, DateTimeOffset now);

    /// <inheritdoc />
    public long? ForgotNamesOf { get; protected set; }

    /// <summary>Runs one statement and reads its rows.</summary>
    protected static async Task<List<T>> RowsAsync<T>(IStoreDialect dialect, string sql, Func<System.Data.Common.DbDataReader, T> row, params (string Name, object? Value)[] parameters)
    {
        await using var command = Prepare(dialect, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    /// <summary>Runs one statement; returns the rows it changed.</summary>
    protected static async Task<int> ExecuteAsync(IStoreDialect dialect, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Prepare(dialect, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The event with <paramref name="eventId"/> as it is now in the transaction.</summary>
    protected static async Task<EventRecord?> ReadEventAsync(IStoreDialect dialect, long eventId) =>
        (await RowsAsync(dialect, DatabaseStore.SelectEventSql + " WHERE id = @id", r => DatabaseStore.ReadEvent(r, dialect), ("@id", eventId))).FirstOrDefault();

    private static System.Data.Common.DbCommand Prepare(IStoreDialect dialect, string sql, (string Name, object? Value)[] parameters)
    {
        var command = dialect.WriteCommand(sql);
        foreach (var (name, value) in parameters)
        {
            var parameter = value is DateTimeOffset instant ? dialect.Time(name, instant) : command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value ??= value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

/// <summary>What every event write offers the dialects.</summary>
internal interface IEventWrite
{
    /// <summary>Runs the write's statements in the open transaction and sets its result.</summary>
    Task RunAsync(IStoreDialect dialect, DateTimeOffset now);

    /// <summary>The event whose names the write erased, if it did: other replicas reload its status.</summary>
    long? ForgotNamesOf { get; }
}

/// <summary>Adds an event; it becomes current when the current event is the untouched start-up <c>default</c>.</summary>
internal sealed class CreateEventWrite(EventDraft draft) : EventWrite<EventRecord?>
{
    public override async Task RunAsync(IStoreDialect dialect, DateTimeOffset now)
    {
        var ids = await RowsAsync(
            dialect,
            """
            INSERT INTO events (slug, title, starts_at, ends_at, language, state, created_at, forget_after_days, public_names)
            VALUES (@slug, @title, @starts, @ends, @language, @state, @created, @forget, @public)
            ON CONFLICT (slug) DO NOTHING RETURNING id
            """,
            r => r.GetInt64(0),
            ("@slug", draft.Slug),
            ("@title", draft.Title),
            ("@starts", Instant(draft.StartsAt)),
            ("@ends", Instant(draft.EndsAt)),
            ("@language", draft.Language),
            ("@state", (int)EventState.Open),
            ("@created", Instant(draft.CreatedAt)),
            ("@forget", draft.ForgetAfterDays),
            ("@public", draft.PublicNames));
        if (ids.Count == 0)
        {
            Result = null;
            return;
        }

        await ExecuteAsync(
            dialect,
            $"""
            UPDATE settings SET current_event = @id
            WHERE NOT chosen AND current_event IN (SELECT id FROM events WHERE slug = '{EventRules.DefaultSlug}')
              AND NOT EXISTS (SELECT 1 FROM codes WHERE codes.event_id = settings.current_event)
            """,
            ("@id", ids[0]));
        Result = await ReadEventAsync(dialect, ids[0]);
    }

    // Instants are stored to the millisecond; the record handed back says what was stored.
    private static DateTimeOffset? Instant(DateTimeOffset? value) =>
        value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v.ToUnixTimeMilliseconds()) : null;
}

/// <summary>Changes the fields a patch names.</summary>
internal sealed class UpdateEventWrite(long eventId, EventPatch patch) : EventWrite<EventRecord?>
{
    public override async Task RunAsync(IStoreDialect dialect, DateTimeOffset now)
    {
        var sets = new List<string>();
        var parameters = new List<(string, object?)> { ("@id", eventId) };
        void Add(string column, object? value)
        {
            sets.Add($"{column} = @{column}");
            parameters.Add(("@" + column, value));
        }

        if (patch.Title is { } title)
        {
            Add("title", title.Value);
        }

        if (patch.StartsAt is { } starts)
        {
            Add("starts_at", starts.Value);
        }

        if (patch.EndsAt is { } ends)
        {
            Add("ends_at", ends.Value);
        }

        if (patch.Language is { } language)
        {
            Add("language", language.Value);
        }

        if (patch.ForgetAfterDays is { } forget)
        {
            Add("forget_after_days", forget.Value);
        }

        if (patch.PublicNames is { } names)
        {
            Add("public_names", names.Value);
        }

        if (sets.Count > 0)
        {
            await ExecuteAsync(dialect, $"UPDATE events SET {string.Join(", ", sets)} WHERE id = @id", [.. parameters]);
        }

        Result = await ReadEventAsync(dialect, eventId);
    }
}

/// <summary>Opens, closes or archives an event.</summary>
internal sealed class SetEventStateWrite(long eventId, EventState state) : EventWrite<EventRecord?>
{
    public override async Task RunAsync(IStoreDialect dialect, DateTimeOffset now)
    {
        await ExecuteAsync(dialect, "UPDATE events SET state = @state WHERE id = @id", ("@state", (int)state), ("@id", eventId));
        Result = await ReadEventAsync(dialect, eventId);
    }
}

/// <summary>Makes an event current; true when it exists.</summary>
internal sealed class SetCurrentEventWrite(long eventId) : EventWrite<bool>
{
    public override async Task RunAsync(IStoreDialect dialect, DateTimeOffset now) =>
        Result = await ExecuteAsync(
            dialect,
            "UPDATE settings SET current_event = @id, chosen = @chosen WHERE EXISTS (SELECT 1 FROM events WHERE id = @id)",
            ("@id", eventId),
            ("@chosen", true)) == 1;
}

/// <summary>Erases an event's attendee names for good and bumps its version, so every view reloads.</summary>
internal sealed class ForgetNamesWrite(long eventId, DateTimeOffset at) : EventWrite<int?>
{
    public override async Task RunAsync(IStoreDialect dialect, DateTimeOffset now)
    {
        var changed = await ExecuteAsync(
            dialect, "UPDATE events SET names_forgotten_at = @at, version = version + 1 WHERE id = @id", ("@at", at), ("@id", eventId));
        if (changed == 0)
        {
            Result = null;
            return;
        }

        Result = await ExecuteAsync(
            dialect,
            "UPDATE attendants SET first_name = '', last_name = '' WHERE event_id = @id AND (first_name <> '' OR last_name <> '')",
            ("@id", eventId));
        ForgotNamesOf = eventId;
    }
}
