using RollCall.Server.Hosting;
using RollCall.Testing;

namespace RollCall.Server.Tests.Hosting;

/// <summary>A server that sees one CPU says which runtime setting it lacks, and only then.</summary>
public sealed class SingleCpuTieringTests
{
    [Fact]
    public async Task AServerThatSeesOneCpuWithoutTheTieringSettingWarnsAndOneWithItDoesNot()
    {
        using var bare = new TempDirectory();
        using var set = new TempDirectory();

        await using (var server = await ServerProcess.StartAsync(bare.Path, environment: new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = "1" }))
        {
            Assert.Contains($"This server sees one CPU: set {SingleCpuTiering.Variable}=1", server.Output);
        }

        await using (var server = await ServerProcess.StartAsync(set.Path, environment: new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = "1", [SingleCpuTiering.Variable] = "1" }))
        {
            Assert.DoesNotContain("sees one CPU", server.Output);
        }
    }

    [Fact]
    public void TwoOrMoreCpusNeedNoSetting()
    {
        Assert.False(SingleCpuTiering.NeedsSetting(2, _ => null));
        Assert.True(SingleCpuTiering.NeedsSetting(1, _ => null));
        Assert.False(SingleCpuTiering.NeedsSetting(1, name => name == "COMPlus_TC_DelaySingleProcMultiplier" ? "1" : null));
    }
}
