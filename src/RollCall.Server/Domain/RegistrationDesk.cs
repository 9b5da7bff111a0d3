using RollCall.Server.Storage;
using RollCall.Server.Telemetry;

namespace RollCall.Server.Domain;

/// <summary>
/// The one way in for registrations, shared by the page, the 2016 form and the v1 API:
/// validate, then redeem in the store. Every path gives the same answers.
/// </summary>
public sealed class RegistrationDesk(IRegistrationStore store, RollCallMetrics metrics)
{
    /// <summary>Validates and, when valid, redeems the code for the attendee; counts the outcome.</summary>
    public async Task<RegistrationOutcome> RegisterAsync(string? firstName, string? lastName, string? code, CancellationToken cancellationToken)
    {
        var outcome = await DecideAsync(firstName, lastName, code, cancellationToken);
        if (outcome.Succeeded)
        {
            metrics.Registered();
        }
        else
        {
            metrics.RedemptionFailed(outcome.Key);
        }

        return outcome;
    }

    private async Task<RegistrationOutcome> DecideAsync(string? firstName, string? lastName, string? code, CancellationToken cancellationToken)
    {
        var input = RegistrationRules.Validate(firstName, lastName, code, out var problem);
        if (input is null)
        {
            return problem!;
        }

        if (input.Code == 0)
        {
            // Not a number RollCall could have issued: no need to ask the database.
            return RegistrationOutcome.FromRedeem(new RedeemResult(RedeemStatus.UnknownCode), input.CodeText);
        }

        var result = await store.RedeemAsync(new Redemption(input.Code, input.FirstName, input.LastName), cancellationToken);
        return RegistrationOutcome.FromRedeem(result, input.CodeText);
    }
}
