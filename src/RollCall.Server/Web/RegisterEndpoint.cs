using System.Text.Json;
using Microsoft.Extensions.Localization;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Http;

namespace RollCall.Server.Web;

/// <summary>
/// <c>POST /register</c>. Two forms arrive here:
/// <list type="bullet">
/// <item>the 2016 form: one field <c>data</c> holding <c>{"firstName":…,"lastName":…,"code":…}</c>;
/// the answer is HTTP 200 with a JSON string message in the contract's English, or an empty body on
/// success;</item>
/// <item>the page's plain form (<c>firstName</c>, <c>lastName</c>, <c>code</c>) when JavaScript is off:
/// the answer redirects back to the page, which shows the message (<see cref="PageOutcomes"/>); a
/// refusal by the failure budget is the page itself with 429, so the code stays out of the URL;</item>
/// <item>the same plain form from the page's script, which asks for JSON (<c>Accept: application/json</c>):
/// the answer is <c>{"ok":…,"message":…,"field":…}</c> with the message in the visitor's language.</item>
/// </list>
/// Input outside the 2016 contract (overlong or control-character names, broken JSON) gets HTTP 400.
/// </summary>
internal static class RegisterEndpoint
{
    // The event whose page a form was posted from, if it names one that exists.
    private static EventRecord? RefererEvent(HttpRequest request, AttendeeRecords attendees)
    {
        var path = request.GetTypedHeaders().Referer?.AbsolutePath ?? string.Empty;
        if (!path.StartsWith("/e/", StringComparison.Ordinal))
        {
            return null;
        }

        var slug = path[3..].Split('/')[0];
        return EventRules.IsValidSlug(slug) ? attendees.Resolve(slug) : null;
    }

    public static async Task<IResult> HandleAsync(
        HttpRequest request, RegistrationDesk desk, AttendeeRecords attendees, PageRenderer renderer, IStringLocalizer<WebTexts> texts, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Results.Json("Send the form as application/x-www-form-urlencoded.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException exception)
        {
            return Results.Json("The request could not be read: " + exception.Message, statusCode: exception.StatusCode);
        }
        catch (InvalidDataException)
        {
            return Results.Json("The form is malformed or too large.", statusCode: StatusCodes.Status400BadRequest);
        }

        var client = ClientAddress.PartitionKey(request.HttpContext);
        if (form.TryGetValue("data", out var data))
        {
            return await RegisterLegacyAsync(data.ToString(), request.HttpContext, desk, client, cancellationToken);
        }

        var outcome = await desk.RegisterAsync(new RegistrationAttempt(form["firstName"], form["lastName"], form["code"], client), cancellationToken);
        if (WantsJson(request))
        {
            return PageAnswer(outcome, request.HttpContext, texts);
        }

        if (outcome is RegistrationOutcome.RateLimited limited)
        {
            // The page itself, not a redirect: the typed code, never tried and perhaps a good one,
            // stays in the form instead of travelling in a URL into access and request logs.
            HttpPipeline.SetRetryAfter(request.HttpContext.Response, limited.RetryAfter);
            var typed = form["code"].ToString().Trim();
            return await RegistrationPage.RenderAsync(
                attendees, renderer, PageOutcomes.For(outcome, texts), typed.Length <= RegistrationCode.MaxInputLength ? typed : string.Empty,
                StatusCodes.Status429TooManyRequests, RefererEvent(request, attendees));
        }

        // Back to the page the form was on: the code's event when it registered or is closed (its page
        // names it), else the event page it came from.
        var page = outcome switch
        {
            RegistrationOutcome.Registered { Event: { } registeredFor } => PageEvent.PagePath(registeredFor, attendees),
            RegistrationOutcome.Closed { Event: { } closed } => PageEvent.PagePath(closed, attendees),
            _ => RefererEvent(request, attendees) is { } from ? $"/e/{from.Slug}/" : "/",
        };
        var location = page + "?result=" + PageOutcomes.Key(outcome);
        if (PageOutcomes.CarriesCode(outcome))
        {
            location += "&code=" + Uri.EscapeDataString(form["code"].ToString().Trim());
        }

        return Results.Redirect(location + "#message", permanent: false, preserveMethod: false);
    }

    // The page's script: the message as the page would show it, and the field to fix.
    private static IResult PageAnswer(RegistrationOutcome outcome, HttpContext context, IStringLocalizer<WebTexts> texts)
    {
        var message = PageOutcomes.For(outcome, texts);
        var status = StatusCodes.Status200OK;
        if (outcome is RegistrationOutcome.RateLimited limited)
        {
            HttpPipeline.SetRetryAfter(context.Response, limited.RetryAfter);
            status = StatusCodes.Status429TooManyRequests;
        }

        return Results.Json(new PageAnswerBody(message.Succeeded, message.Text, PageOutcomes.Field(outcome)), statusCode: status);
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    private static async Task<IResult> RegisterLegacyAsync(string json, HttpContext context, RegistrationDesk desk, string client, CancellationToken cancellationToken)
    {
        if (!TryReadLegacy(json, out var first, out var last, out var code))
        {
            return Results.Json(
                "The data field must be JSON like {\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"code\":\"979509393\"}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var outcome = await desk.RegisterAsync(new RegistrationAttempt(first, last, code, client), cancellationToken);
        switch (outcome)
        {
            case RegistrationOutcome.Registered:
                return Results.Ok();
            case RegistrationOutcome.RateLimited limited:
                HttpPipeline.SetRetryAfter(context.Response, limited.RetryAfter);
                return Results.Json(outcome.Message, statusCode: StatusCodes.Status429TooManyRequests);
            case RegistrationOutcome.Invalid { Problem: not InputProblem.FillAllFields }:
                // Input the 2016 server never saw is a 400; the four seed messages keep the 2016 status (200).
                return Results.Json(outcome.Message, statusCode: StatusCodes.Status400BadRequest);
            default:
                return Results.Json(outcome.Message, statusCode: StatusCodes.Status200OK);
        }
    }

    private static bool TryReadLegacy(string json, out string? first, out string? last, out string? code)
    {
        first = last = code = null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            first = Text(document.RootElement, "firstName");
            last = Text(document.RootElement, "lastName");
            code = Text(document.RootElement, "code");
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // The 2016 page sent strings; a number for the code is read as its digits.
    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        }
        : null;
}

/// <summary>The answer to the page's script: whether it registered, the message to show and the field it is about.</summary>
/// <param name="Ok">True when registered.</param>
/// <param name="Message">The message, in the visitor's language.</param>
/// <param name="Field">The form field to fix (<c>firstName</c>, <c>lastName</c>, <c>code</c>), or null.</param>
internal sealed record PageAnswerBody(bool Ok, string Message, string? Field);
