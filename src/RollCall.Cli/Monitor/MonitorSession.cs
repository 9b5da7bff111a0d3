using RollCall.Matrix.Show;

namespace RollCall.Cli.Monitor;

/// <summary>
/// One run of <c>rollcall monitor</c>: opens the display, follows the server with a
/// <see cref="StatusFeed"/> and plays the <see cref="AttendanceShow"/> until cancelled (Ctrl+C,
/// SIGTERM) or, with <c>--rounds</c>, until the rounds are played. The display is cleared on the way out.
/// </summary>
internal static class MonitorSession
{
    /// <summary>Runs the monitor; returns the exit code, 0 when stopped by <paramref name="cancellationToken"/>.</summary>
    /// <exception cref="CliException">The display cannot be opened or written.</exception>
    public static async Task<int> RunAsync(MonitorSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (display, board) = MonitorDisplays.Open(settings, output);
        await using (display.ConfigureAwait(false))
        {
            var console = new MonitorConsole(output, error, board);
            var show = new AttendanceShow(new ShowOptions { ScrollStepDuration = settings.ScrollStep });

            // Offline until the server first answers; the show waits for that first answer (or
            // failure) so it does not open with a count of zero or a flash of the offline icon.
            var state = new ShowState(attendants: 0, online: false);
            using var feed = new StatusFeed(settings.Server, state, show, console, settings.PollInterval, eventSlug: settings.Event);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var following = feed.RunAsync(stop.Token);
            var playing = Task.CompletedTask;
            try
            {
                await Task.WhenAny(feed.FirstAttempt, following).WaitAsync(stop.Token).ConfigureAwait(false);
                var player = new MatrixPlayer(display);
                playing = settings.Rounds > 0
                    ? player.PlayAsync(ShowRounds.Take(show.Run(state), settings.Rounds), stop.Token)
                    : player.RunAsync(show, state, stop.Token);

                // The feed only ends by cancellation or a local failure (stdout gone); either ends the run.
                await await Task.WhenAny(playing, following).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: a normal way to stop.
            }
            catch (IOException exception)
            {
                throw new CliException(ExitCodes.LocalError, "Cannot write the display or the output: " + exception.Message);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await Quietly(playing).ConfigureAwait(false);
                await Quietly(following).ConfigureAwait(false);
            }

            await display.ClearAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    // Both tasks end once stopped; whatever they failed with was already reported by the first to end.
    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
        }
    }
}
