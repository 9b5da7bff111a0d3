using RollCall.Server.Domain;

namespace RollCall.Server.Application;

/// <summary>
/// What became of a registration attempt: exactly one of the nested cases. Every door (the 2016
/// form, the page, v1 gRPC and JSON) maps these cases in one table of its own; <see cref="Message"/>
/// is the English text of the 2016 contract and its kin.
/// </summary>
public abstract record RegistrationOutcome
{
    private RegistrationOutcome()
    {
    }

    /// <summary>A short, stable name of the case, for metrics (<c>registered</c>, <c>unknown</c>, <c>used</c>, …).</summary>
    public abstract string Reason { get; }

    /// <summary>The human message, in the voice of the 2016 contract.</summary>
    public abstract string Message { get; }

    /// <summary>The outcome of a store redemption of <paramref name="codeText"/>; <paramref name="eventOf"/> finds the code's event.</summary>
    public static RegistrationOutcome FromRedeem(RedeemResult result, string codeText, Func<long, EventRecord?> eventOf) => result.Status switch
    {
        RedeemStatus.Registered => new Registered(result.Attendant!, eventOf(result.EventId)),
        RedeemStatus.AlreadyUsed => new AlreadyUsed(codeText),
        RedeemStatus.Revoked => new Revoked(codeText),
        RedeemStatus.Expired => new Expired(codeText),
        RedeemStatus.EventClosed => eventOf(result.EventId) is { } closed ? new Closed(closed.Title, closed) : new Closed(EventRules.DefaultTitle),
        _ => new UnknownCode(codeText),
    };

    /// <summary>The attendee is registered, for <paramref name="Event"/> (the code's event).</summary>
    public sealed record Registered(Attendant Attendant, EventRecord? Event) : RegistrationOutcome
    {
        /// <inheritdoc />
        public override string Reason => "registered";

        /// <inheritdoc />
        public override string Message => Messages.Registered;
    }

    /// <summary>The input broke a rule (an empty field, a name too long, …).</summary>
    public sealed record Invalid(InputProblem Problem) : RegistrationOutcome
    {
        /// <inheritdoc />
        public override string Reason => Problem switch
        {
            InputProblem.FillAllFields => "fill",
            InputProblem.CodeTooLong => "code-too-long",
            InputProblem.FirstNameTooLong => "first-too-long",
            InputProblem.LastNameTooLong => "last-too-long",
            InputProblem.FirstNameControlCharacters => "first-control",
            InputProblem.LastNameControlCharacters => "last-control",
            InputProblem.FirstNameInvalidText => "first-invalid",
            _ => "last-invalid",
        };

        /// <inheritdoc />
        public override string Message => Messages.For(Problem);
    }

    /// <summary>The code was never issued.</summary>
    public sealed record UnknownCode(string Code) : RegistrationOutcome
    {
        /// <inheritdoc />
        public override string Reason => "unknown";

        /// <inheritdoc />
        public override string Message => Messages.NotValid(Code);
    }

    /// <summary>The code was used before.</summary>
    public sealed record AlreadyUsed(string Code) : RegistrationOutcome
    {
        /// <inheritdoc />
        public override string Reason => "used";

        /// <inheritdoc />
        public override string Message => Messages.AlreadyUsed(Code);
    }

    /// <summary>The code was revoked.</summary>
    public sealed record Revoked(string Code) : RegistrationOutcome
    {
        /// <inheritdoc />
        public override string Reason => "revoked";

        /// <inheritdoc />
        public override string Message => Messages.Revoked(Code);
    }

    /// <summary>The code expired.</summary>
    public sealed record Expired(string Code) : RegistrationOutcome
    {
        /// <inheritdoc />
        public override string Reason => "expired";

        /// <inheritdoc />
        public override string Message => Messages.Expired(Code);
    }

    /// <summary>The code's event, titled <paramref name="EventTitle"/>, is closed (or archived); <paramref name="Event"/> is that event when known.</summary>
    public sealed record Closed(string EventTitle, EventRecord? Event = null) : RegistrationOutcome
    {
        /// <inheritdoc />
        public override string Reason => "closed";

        /// <inheritdoc />
        public override string Message => Messages.RegistrationClosed(EventTitle);
    }

    /// <summary>
    /// Refused before redeeming: the caller's address spent its budget of failed attempts, or
    /// (<paramref name="ServerWide"/>) registration is paused for everyone.
    /// </summary>
    public sealed record RateLimited(TimeSpan RetryAfter, bool ServerWide) : RegistrationOutcome
    {
        /// <inheritdoc />
        public override string Reason => ServerWide ? "paused" : "too-many";

        /// <inheritdoc />
        public override string Message => ServerWide ? Messages.RegistrationPaused(RetryAfter) : Messages.TooManyAttempts(RetryAfter);
    }
}
