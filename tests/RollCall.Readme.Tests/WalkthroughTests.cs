using RollCall.Testing;

namespace RollCall.Readme.Tests;

/// <summary>How the walk-through test reads the README: quick checks that fail before the slow run would.</summary>
public sealed class WalkthroughTests
{
    [Fact]
    public void TheReadmeWalkthroughStartsTheServerFirstAndOpensThePageOnceACodeIsShown()
    {
        var steps = Walkthrough.Read(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")));

        var server = Assert.IsType<ShellBlock>(steps[0]);
        Assert.Contains("dotnet run --project src/RollCall.Server", server.Script);
        var browser = steps.FindIndex(s => s is BrowserStep);
        Assert.Contains(steps.Take(browser).OfType<ShellBlock>(), b => b.Shown.Any(l => l.All(char.IsAsciiDigit)));
        Assert.All(steps.OfType<ShellBlock>().Skip(1), b => Assert.NotEmpty(b.Shown));
    }

    [Fact]
    public void ABlockIndentedInAListLosesItsIndentationAndItsShownLinesTheirHash()
    {
        var steps = Walkthrough.Read("""
            <!-- walkthrough:start -->
            1. Run:

               ```sh
               alias x='echo'
               x status
               #      1. Ada Lovelace
               ```

               <!-- walkthrough:browser -->
            <!-- walkthrough:end -->
            ```sh
            not part of it
            ```
            """);

        Assert.Equal(2, steps.Count);
        var block = Assert.IsType<ShellBlock>(steps[0]);
        Assert.Equal("alias x='echo'\nx status\n#      1. Ada Lovelace\n", block.Script);
        Assert.Equal(["1. Ada Lovelace"], block.Shown);
        Assert.IsType<BrowserStep>(steps[1]);
    }

    [Theory]
    [InlineData("1053814012", "979509393", true)]
    [InlineData("1053814012", "rollcall: This call needs the admin token", false)]
    [InlineData("Attendants: 1", "Attendants: 1", true)]
    [InlineData("Attendants: 1", "Attendants: 3", false)]
    [InlineData("Wrote 50 vouchers to /home/you/rollcall/vouchers.html.", "Wrote 50 vouchers to /tmp/clone/vouchers.html.", true)]
    [InlineData("Wrote 50 vouchers to /home/you/rollcall/vouchers.html.", "Wrote 50 vouchers to /tmp/elsewhere/vouchers.html.", false)]
    public void ALongNumberStandsForAnyCodeAndTheExampleCloneForTheRealOne(string shown, string printed, bool matches) =>
        Assert.Equal(matches, Walkthrough.Pattern(shown, "/tmp/clone").IsMatch(printed));
}
