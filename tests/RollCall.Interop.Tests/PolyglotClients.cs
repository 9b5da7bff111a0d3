using RollCall.Testing;

namespace RollCall.Interop.Tests;

/// <summary>
/// Prepares the example clients once per test run: the Python stubs are generated with Debian's
/// python3-grpc-tools into a temp folder, the Node dependencies installed with npm ci.
/// </summary>
public sealed class PolyglotClients : IAsyncLifetime
{
    private readonly TempDirectory _generated = new("rollcall-pygen");

    public static string Python => "/usr/bin/python3";

    public static string PythonExamples => Path.Combine(RepositoryPaths.Root, "examples", "python");

    public static string NodeExamples => Path.Combine(RepositoryPaths.Root, "examples", "node");

    public IDictionary<string, string> PythonEnvironment => new Dictionary<string, string> { ["ROLLCALL_PY_GEN"] = _generated.Path };

    public async Task InitializeAsync()
    {
        var generate = await ExternalProcess.RunAsync("bash", [Path.Combine(PythonExamples, "generate.sh"), _generated.Path], PythonExamples);
        Assert.True(generate.Exit == 0, "generating the Python stubs failed:\n" + generate.Error);
        if (!Directory.Exists(Path.Combine(NodeExamples, "node_modules", "@grpc", "grpc-js")))
        {
            var install = await ExternalProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], NodeExamples, timeout: TimeSpan.FromMinutes(5));
            Assert.True(install.Exit == 0, "npm ci for the Node example failed:\n" + install.Error);
        }
    }

    public Task DisposeAsync()
    {
        _generated.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// One set of prepared clients for every interop test: npm ci and the stub generation must not
/// run twice at once in the same folders.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PolyglotCollection : ICollectionFixture<PolyglotClients>
{
    public const string Name = "Polyglot clients";
}
