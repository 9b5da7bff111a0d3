using RollCall.Server.Domain;
using RollCall.Testing;

namespace RollCall.Server.Tests.Security;

/// <summary>--code-digits N makes every code exactly N digits long, for N in 9..18.</summary>
public sealed class CodeLengthTests
{
    public static TheoryData<int> Lengths() => [.. Enumerable.Range(9, 10)];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EveryDrawnCodeHasExactlyTheConfiguredDigits(int digits)
    {
        var generator = new CodeGenerator(digits);

        var codes = Enumerable.Range(0, 2000).Select(_ => RegistrationCode.Format(generator.Next())).ToList();

        Assert.All(codes, c => Assert.Equal(digits, c.Length));
        Assert.Equal(9 * (long)Math.Pow(10, digits - 1), generator.SpaceSize);
        // Uniform over the space: the leading digit is not always the same.
        Assert.True(codes.Select(c => c[0]).Distinct().Count() >= 5);
    }

    [Fact]
    public void WithoutTheFlagCodesAreThe2016Range()
    {
        var generator = new CodeGenerator();
        Assert.Equal(int.MaxValue, generator.SpaceSize);
        Assert.All(Enumerable.Range(0, 2000).Select(_ => generator.Next()), c => Assert.InRange(c, 1, int.MaxValue));
    }

    [Fact]
    public async Task TheApiIssuesEighteenDigitCodesThatRegister()
    {
        await using var app = new RollCallApplication(new Dictionary<string, string?> { ["RollCall:CodeDigits"] = "18" });
        var codes = await AdminCalls.MintAsync(app.CreateChannel(), app.AdminToken, 100);

        Assert.All(codes, c => Assert.Matches("^[1-9][0-9]{17}$", c));
        var response = await new V1.Registration.RegistrationClient(app.CreateChannel()).RegisterAsync(new V1.RegisterRequest { FirstName = "A", LastName = "B", Code = codes[0] });
        Assert.Equal(1, response.Attendant.Number);
    }

    [Theory]
    [InlineData("8")]
    [InlineData("19")]
    public async Task ALengthOutsideNineToEighteenStopsTheServerWithAClearMessage(string digits)
    {
        using var data = new TempDirectory();
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(data.Path, ["--RollCall:CodeDigits=" + digits], TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--code-digits must be between 9 and 18.", output);
    }
}
