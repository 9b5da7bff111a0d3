using RollCall.Server.Domain;
using RollCall.Server.Storage;

namespace RollCall.Server.Tests.Storage;

/// <summary>A run of mints shares each round's statement; a code the database has already is drawn again for its own write.</summary>
public sealed class IssueCodesRunTests
{
    private static readonly DateTimeOffset _now = DateTimeOffset.Parse("2026-12-02T10:00:00Z");

    [Fact]
    public async Task ACodeTheDatabaseAlreadyHasIsDrawnAgainForTheWriteItWasDrawnFor()
    {
        IssueCodesWrite[] run =
        [
            new(new CodeIssue(1, 3, "door", null)),
            new(new CodeIssue(2, 1, null, _now.AddDays(1))),
            new(new CodeIssue(1, 2, "speakers", null)),
        ];
        var rounds = new List<int>();
        var sequence = 0L;

        await IssueCodesWrite.RunAsync(run, new CodeGenerator(), _now, drawn =>
        {
            rounds.Add(drawn.Codes.Length);
            for (var i = 0; i < drawn.Codes.Length; i++)
            {
                // The first round finds every second code taken.
                if (rounds.Count > 1 || i % 2 == 0)
                {
                    drawn.Inserted(++sequence, drawn.Codes[i]);
                }
            }

            return Task.CompletedTask;
        });

        Assert.Equal([6, 3], rounds);
        Assert.Equal([3, 1, 2], run.Select(write => write.Result!.Count));
        foreach (var write in run)
        {
            Assert.All(write.Result!, code => Assert.Equal((write.Issue.EventId, write.Issue.Label, write.Issue.ExpiresAt, _now), (code.EventId, code.Label, code.ExpiresAt, code.IssuedAt)));
            Assert.Equal(write.Result!.OrderBy(code => code.Sequence), write.Result!);
        }

        Assert.Equal(6, run.SelectMany(write => write.Result!).Select(code => code.Code).Distinct().Count());
    }

    [Fact]
    public async Task ARunThatCannotFindFreeCodesStopsWithTheCodeSpaceMessage()
    {
        IssueCodesWrite[] run = [new(new CodeIssue(1, 1, null, null)), new(new CodeIssue(1, 1, null, null))];

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => IssueCodesWrite.RunAsync(run, new CodeGenerator(), _now, _ => Task.CompletedTask));

        Assert.Equal("The code space is nearly exhausted; use longer codes (--code-digits).", error.Message);
    }
}
