namespace RollCall.Matrix.Tests;

/// <summary>
/// The repository these tests were built from; RollCall.Testing knows it too, but referencing it
/// would bring the whole server into the matrix tests.
/// </summary>
internal static class RepositoryFolder
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] path) => Path.Combine([Root, .. path]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "RollCall.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("RollCall.slnx not found above " + AppContext.BaseDirectory);
    }
}
