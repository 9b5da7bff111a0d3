namespace RollCall.Server.Storage;

/// <summary>
/// Which database holds the state, bound from the <c>Storage</c> configuration section
/// (<c>--db</c> / <c>ROLLCALL_DB</c> set the connection string). SQLite in the data folder is the
/// default; a PostgreSQL connection string lets several replicas share one database.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>The embedded default: one SQLite file in the data folder.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>A shared PostgreSQL database, for several replicas.</summary>
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> or <c>postgres</c>; when unset, <c>postgres</c> if a connection string is given, else <c>sqlite</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>The PostgreSQL connection string (<c>Host=…;Database=…</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The provider in effect, lower case.</summary>
    public string EffectiveProvider =>
        Provider is { Length: > 0 } provider ? provider.Trim().ToLowerInvariant()
        : string.IsNullOrWhiteSpace(ConnectionString) ? Sqlite
        : Postgres;

    /// <summary>True when the state lives in PostgreSQL.</summary>
    public bool UsesPostgres => EffectiveProvider == Postgres;

    /// <summary>Null when the settings make sense, else what is wrong with them.</summary>
    public string? Problem() => EffectiveProvider switch
    {
        Sqlite => null,
        Postgres when string.IsNullOrWhiteSpace(ConnectionString) =>
            "Storage:Provider is postgres but no connection string is set; give --db \"Host=…;Database=…\" (or ROLLCALL_DB, or Storage:ConnectionString).",
        Postgres => null,
        _ => $"Storage:Provider must be \"{Sqlite}\" or \"{Postgres}\".",
    };
}
