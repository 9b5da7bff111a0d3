namespace RollCall.Testing;

/// <summary>Finds the repository and the built server next to the running tests.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root (the folder with RollCall.slnx).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as the tests themselves were built.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built server assembly, run with <c>dotnet</c>.</summary>
    public static string ServerAssembly => Built("RollCall.Server", "RollCall.Server.dll");

    /// <summary>The built CLI assembly, run with <c>dotnet</c>.</summary>
    public static string CliAssembly => Built("RollCall.Cli", "rollcall.dll");

    private static string Built(string project, string assembly)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first; {path} is missing.", path);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RollCall.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("RollCall.slnx not found above " + AppContext.BaseDirectory);
    }
}
