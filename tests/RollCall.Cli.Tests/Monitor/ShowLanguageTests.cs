using System.Text.Json;
using RollCall.Testing;

namespace RollCall.Cli.Tests.Monitor;

/// <summary>
/// The built rollcall runs with invariant globalization (no ICU on the Pi), yet the LED show's
/// languages work in it: a culture can be made by name, and the Spanish texts ship beside it.
/// The show itself is tested under invariant globalization by running the matrix tests with
/// DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 and DOTNET_SYSTEM_GLOBALIZATION_PREDEFINED_CULTURES_ONLY=0.
/// </summary>
public sealed class ShowLanguageTests
{
    [Fact]
    public void TheCliRunsWithoutIcuButCanMakeTheCulturesOfTheShowsLanguages()
    {
        var folder = Path.GetDirectoryName(RepositoryPaths.CliAssembly)!;
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "rollcall.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.Globalization.Invariant").GetBoolean());
        Assert.False(properties.GetProperty("System.Globalization.PredefinedCulturesOnly").GetBoolean());
        Assert.True(File.Exists(Path.Combine(folder, "es", "RollCall.Matrix.resources.dll")), $"No Spanish texts in {folder}/es.");
    }
}
