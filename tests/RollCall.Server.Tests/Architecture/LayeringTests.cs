using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace RollCall.Server.Tests.Architecture;

/// <summary>
/// The server's layers point one way: Domain ← Live ← Application ← (Storage | the doors: Http ←
/// FastPath, Grpc, Web) ← Hosting, which with Program.cs is the only place that sees everything.
/// </summary>
public sealed class LayeringTests
{
    private const string Root = "RollCall.Server";

    private static readonly ArchUnitNET.Domain.Architecture _server = new ArchLoader().LoadAssemblies(typeof(Program).Assembly).Build();

    [Fact]
    public void TheDomainReferencesNoOtherRollCallNamespace() =>
        Types().That().ResideInNamespace(Layer("Domain")).Should()
            .NotDependOnAny(Types().That().ResideInNamespaceMatching(Root + @"\.(?!Domain\b).*"))
            .Check(_server);

    [Fact]
    public void NoTwoNamespacesOfTheServerReferenceEachOtherInACircle() =>
        SliceRuleDefinition.Slices().Matching(Root + ".(*)").Should().BeFreeOfCycles().Check(_server);

    [Theory]
    [InlineData("Live", "Domain")]
    [InlineData("Application", "Domain|Live")]
    [InlineData("Storage", "Domain|Live|Application")]
    [InlineData("Http", "Domain|Live|Application")]
    [InlineData("FastPath", "Domain|Live|Application|Http")]
    [InlineData("Grpc", "Domain|Live|Application|Http|FastPath")]
    [InlineData("Web", "Domain|Live|Application|Http")]
    public void EachLayerReferencesOnlyTheLayersBelowIt(string layer, string below) =>
        Types().That().ResideInNamespace(Layer(layer)).Should()
            .NotDependOnAny(Types().That().ResideInNamespaceMatching($@"{Root}\.(?!({layer}|{below})\b).*"))
            .Check(_server);

    private static string Layer(string name) => Root + "." + name;
}
