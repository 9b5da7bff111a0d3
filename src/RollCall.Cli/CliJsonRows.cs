using System.Text.Json.Serialization;

namespace RollCall.Cli;

// The rows the commands print with --format json. Records rather than anonymous types, so their
// serializers are generated at build time (CliJsonContext) and the CLI needs no reflection: it is
// published trimmed and as Native AOT. Property names become camelCase, in declaration order.

internal sealed record StatusRow(int Count, IEnumerable<StatusAttendantRow> Attendants);

internal sealed record StatusAttendantRow(long Number, string Name);

internal sealed record RegisteredRow(string Message, long Number, string FirstName, string LastName);

internal sealed record IssuedCodeRow(string Code, string? Label, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt);

internal sealed record CodeStateRow(string Code, string State, string? Label, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, long? Attendant);

internal sealed record ExportedAttendantRow(long Number, string FirstName, string LastName, string Code, string? Label, DateTimeOffset? RegisteredAt);

/// <summary>Source-generated JSON for the rows above, used with <see cref="CliJson.Options"/>.</summary>
[JsonSerializable(typeof(StatusRow))]
[JsonSerializable(typeof(RegisteredRow))]
[JsonSerializable(typeof(IEnumerable<IssuedCodeRow>))]
[JsonSerializable(typeof(IEnumerable<CodeStateRow>))]
[JsonSerializable(typeof(IEnumerable<ExportedAttendantRow>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
