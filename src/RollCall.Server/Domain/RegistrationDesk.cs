using System.Net;
using RollCall.Server.Security;
using RollCall.Server.Storage;
using RollCall.Server.Telemetry;

namespace RollCall.Server.Domain;

/// <summary>
/// The one way in for registrations, shared by the page, the 2016 form and the v1 API:
/// validate, ask the throttle, then redeem in the store. Every path gives the same answers,
/// and every path spends the same failure budget of the caller's address.
/// </summary>
public sealed class RegistrationDesk(IRegistrationStore store, RegistrationThrottle throttle, AuditLog audit, RollCallMetrics metrics)
{
    /// <summary>
    /// Validates and, when valid and the caller has not spent its budget of failed attempts,
    /// redeems the code; counts the outcome. <paramref name="client"/> is the caller's address
    /// (after trusted proxies).
    /// </summary>
    public async Task<RegistrationOutcome> RegisterAsync(string? firstName, string? lastName, string? code, IPAddress? client, CancellationToken cancellationToken)
    {
        var outcome = await DecideAsync(firstName, lastName, code, client, cancellationToken);
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

    private async Task<RegistrationOutcome> DecideAsync(string? firstName, string? lastName, string? code, IPAddress? client, CancellationToken cancellationToken)
    {
        var input = RegistrationRules.Validate(firstName, lastName, code, out var problem);
        if (input is null)
        {
            return problem!;
        }

        var partition = ClientAddress.PartitionKey(client);
        var admission = await throttle.AdmitAsync(partition, cancellationToken);
        if (!admission.Admitted)
        {
            return RegistrationOutcome.Refused(admission.ServerWide, admission.RetryAfter);
        }

        var failed = false;
        try
        {
            // A text that is not a number RollCall could have issued needs no database.
            var result = input.Code == 0
                ? new RedeemResult(RedeemStatus.UnknownCode)
                : await store.RedeemAsync(new Redemption(input.Code, input.FirstName, input.LastName), cancellationToken);
            failed = result.Status != RedeemStatus.Registered;
            if (!failed)
            {
                audit.Registered(result.Attendant!.Number, input.Code, partition);
            }

            return RegistrationOutcome.FromRedeem(result, input.CodeText);
        }
        finally
        {
            // A database outage or a cancelled call is no guess: only an answer about the code spends budget.
            throttle.Finish(admission, failed);
        }
    }
}
