using RollCall.Server.Domain;

namespace RollCall.Server.Application;

/// <summary>A registration as it arrives at a door.</summary>
/// <param name="FirstName">The first name as typed.</param>
/// <param name="LastName">The last name as typed.</param>
/// <param name="Code">The code as typed.</param>
/// <param name="Client">The caller's rate-limit partition (its address, after trusted proxies).</param>
public sealed record RegistrationAttempt(string? FirstName, string? LastName, string? Code, string Client);

/// <summary>
/// The Register use case, shared by the page, the 2016 form and the v1 API: validate, ask the
/// throttle, then redeem in the store. Every path gives the same answers and spends the same
/// failure budget of the caller's address. Once a redemption is queued, its own result settles
/// the budget, the audit and the metrics, whatever happens to the caller.
/// </summary>
public sealed class RegistrationDesk(IRegistrationStore store, EventCatalog catalog, RegistrationThrottle throttle, AuditLog audit, RollCallMetrics metrics)
{
    /// <summary>Validates and, when valid and the caller has not spent its budget of failed attempts, redeems the code.</summary>
    public async Task<RegistrationOutcome> RegisterAsync(RegistrationAttempt attempt, CancellationToken cancellationToken)
    {
        var input = RegistrationRules.Validate(attempt.FirstName, attempt.LastName, attempt.Code, out var problem);
        if (input is null)
        {
            return Counted(new RegistrationOutcome.Invalid(problem));
        }

        var admission = await throttle.AdmitAsync(attempt.Client, cancellationToken);
        if (!admission.Admitted)
        {
            return Counted(new RegistrationOutcome.RateLimited(admission.RetryAfter, admission.ServerWide));
        }

        if (input.Code == 0)
        {
            // A text that is not a number RollCall could have issued needs no database.
            throttle.Finish(admission, failed: true);
            return Counted(new RegistrationOutcome.UnknownCode(input.CodeText));
        }

        Task<RedeemResult> redemption;
        try
        {
            redemption = store.RedeemAsync(new Redemption(input.Code, input.FirstName, input.LastName), cancellationToken);
        }
        catch
        {
            throttle.Finish(admission, failed: false);
            throw;
        }

        return await SettleAsync(redemption, admission, input, attempt.Client).WaitAsync(cancellationToken);
    }

    private async Task<RegistrationOutcome> SettleAsync(Task<RedeemResult> redemption, Admission admission, RegistrationInput input, string client)
    {
        RedeemResult result;
        try
        {
            result = await redemption;
        }
        catch
        {
            // A database outage, or a call cancelled before its redemption was queued, is no guess.
            throttle.Finish(admission, failed: false);
            throw;
        }

        if (result is { Status: RedeemStatus.AlreadyUsed, Attendant: { } holder }
            && holder.FirstName == input.FirstName && holder.LastName == input.LastName)
        {
            // The same person again (a double tap, a retry after a deadline): the registration they
            // already have, not a failure, and not a second registration in the audit or the metrics.
            throttle.Finish(admission, failed: false);
            return new RegistrationOutcome.Registered(holder, catalog.Find(result.EventId));
        }

        var registered = result.Status == RedeemStatus.Registered;
        throttle.Finish(admission, failed: !registered);
        if (registered)
        {
            audit.Registered(result.Attendant!.Number, input.Code, client);
        }

        return Counted(RegistrationOutcome.FromRedeem(result, input.CodeText, catalog.Find));
    }

    private RegistrationOutcome Counted(RegistrationOutcome outcome)
    {
        if (outcome is RegistrationOutcome.Registered)
        {
            metrics.Registered();
        }
        else
        {
            metrics.RedemptionFailed(outcome.Reason);
        }

        return outcome;
    }
}
