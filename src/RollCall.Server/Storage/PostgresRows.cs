using Npgsql;
using NpgsqlTypes;
using RollCall.Server.Domain;

namespace RollCall.Server.Storage;

/// <summary>Row mapping and parameters shared by the PostgreSQL reader and writer paths.</summary>
internal static class PostgresRows
{
    public const string SelectCodeSql = """
        SELECT c.seq, c.code, c.label, c.issued_at, c.expires_at, c.redeemed_at, c.revoked_at, a.number
        FROM codes c LEFT JOIN attendants a ON a.code = c.code
        """;

    public static CodeRecord ReadCode(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetInt64(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        NullableTime(reader, 4),
        NullableTime(reader, 5),
        NullableTime(reader, 6),
        reader.IsDBNull(7) ? null : reader.GetInt64(7));

    /// <summary>Reads number, first_name, last_name, registered_at from four columns starting at <paramref name="offset"/>.</summary>
    public static Attendant ReadAttendant(NpgsqlDataReader reader, int offset = 0) => new(
        reader.GetInt64(offset),
        reader.GetString(offset + 1),
        reader.GetString(offset + 2),
        reader.GetFieldValue<DateTimeOffset>(offset + 3));

    /// <summary>A timestamptz parameter; PostgreSQL keeps instants, so the offset goes to UTC.</summary>
    public static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    /// <summary>Milliseconds, like the SQLite store, so both stores report the same instants.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset now) =>
        DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
