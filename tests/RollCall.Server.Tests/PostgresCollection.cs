using RollCall.Testing;

namespace RollCall.Server.Tests;

/// <summary>
/// The tests that share one throwaway PostgreSQL server for the whole run (each with its own
/// database). Tests that stop PostgreSQL start a server of their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
