using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>Row mapping shared by the SQLite reader and writer paths.</summary>
internal static partial class SqliteRows
{
    public const string SelectCodeSql = """
        SELECT c.seq, c.code, c.label, c.issued_at, c.expires_at, c.redeemed_at, c.revoked_at, a.number
        FROM codes c LEFT JOIN attendants a ON a.code = c.code
        """;

    public static CodeRecord? FindCode(SqliteCommand command, long code)
    {
        command.Parameters["$code"].Value = code;
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadCode(reader) : null;
    }

    public static CodeRecord ReadCode(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetInt64(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        FromMs(reader.GetInt64(3)),
        NullableMs(reader, 4),
        NullableMs(reader, 5),
        NullableMs(reader, 6),
        reader.IsDBNull(7) ? null : reader.GetInt64(7));

    /// <summary>Reads number, first_name, last_name, registered_at from the first four columns.</summary>
    public static Attendant ReadAttendant(SqliteDataReader reader, int offset = 0) => new(
        reader.GetInt64(offset),
        reader.GetString(offset + 1),
        reader.GetString(offset + 2),
        FromMs(reader.GetInt64(offset + 3)));

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static IEnumerable<string> ParameterNames(string sql) =>
        ParameterPattern().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal);

    private static DateTimeOffset? NullableMs(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromMs(reader.GetInt64(ordinal));

    [GeneratedRegex(@"\$[a-z_]+")]
    private static partial Regex ParameterPattern();
}
