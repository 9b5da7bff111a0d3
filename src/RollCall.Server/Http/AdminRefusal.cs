using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace RollCall.Server.Http;

/// <summary>Why an admin call was refused.</summary>
public enum AdminRefusalKind
{
    /// <summary>No credentials at all: UNAUTHENTICATED, HTTP 401.</summary>
    MissingToken,

    /// <summary>A wrong, malformed or revoked token: PERMISSION_DENIED, HTTP 403.</summary>
    WrongToken,

    /// <summary>A token in force that may not make this call: PERMISSION_DENIED, HTTP 403.</summary>
    NotAllowed,

    /// <summary>Too many wrong tokens lately: RESOURCE_EXHAUSTED, HTTP 429 with <c>Retry-After</c>.</summary>
    TooManyFailures,
}

/// <summary>
/// A refused admin call and the one table of how every door says so: a gRPC status (trailers-only,
/// so gRPC clients see the code and the message), the JSON transcoding body
/// (<c>{"code":…,"message":…}</c> with the HTTP status transcoding uses for that code) or, for the
/// admin pages, a short text.
/// </summary>
/// <param name="Kind">Why the call was refused.</param>
/// <param name="RetryAfter">For <see cref="AdminRefusalKind.TooManyFailures"/>: how long to wait.</param>
/// <param name="ServerWide">For <see cref="AdminRefusalKind.TooManyFailures"/>: the server-wide budget refused it, not the address's.</param>
public sealed record AdminRefusal(AdminRefusalKind Kind, TimeSpan RetryAfter, bool ServerWide = false)
{
    /// <summary>The answer to an API call without a token.</summary>
    public const string MissingTokenMessage = "This call needs the admin token: send the metadata 'authorization: Bearer <token>'.";

    /// <summary>The answer to a call with a wrong token.</summary>
    public const string WrongTokenMessage = "The admin token is not valid.";

    /// <summary>The answer to an admin page request without a session or a token.</summary>
    public const string PageLoginMessage = "Log in at " + AdminAuthentication.PagePath + ", or send 'Authorization: Bearer <admin token>'.";

    /// <summary>The answer to a token in force that a policy does not admit.</summary>
    public const string NotAllowedMessage = "This admin token may not make this call.";

    /// <summary>No credentials.</summary>
    public static AdminRefusal MissingToken { get; } = new(AdminRefusalKind.MissingToken, TimeSpan.Zero);

    /// <summary>A wrong token.</summary>
    public static AdminRefusal WrongToken { get; } = new(AdminRefusalKind.WrongToken, TimeSpan.Zero);

    /// <summary>A token a policy does not admit.</summary>
    public static AdminRefusal NotAllowed { get; } = new(AdminRefusalKind.NotAllowed, TimeSpan.Zero);

    /// <summary>The gRPC status of the refusal.</summary>
    public StatusCode GrpcStatus => Kind switch
    {
        AdminRefusalKind.MissingToken => StatusCode.Unauthenticated,
        AdminRefusalKind.TooManyFailures => StatusCode.ResourceExhausted,
        _ => StatusCode.PermissionDenied,
    };

    /// <summary>The HTTP status of the refusal, as JSON transcoding maps <see cref="GrpcStatus"/>.</summary>
    public int HttpStatus => Kind switch
    {
        AdminRefusalKind.MissingToken => StatusCodes.Status401Unauthorized,
        AdminRefusalKind.TooManyFailures => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status403Forbidden,
    };

    /// <summary>What the gRPC and JSON doors say.</summary>
    public string Message => Kind switch
    {
        AdminRefusalKind.MissingToken => MissingTokenMessage,
        AdminRefusalKind.WrongToken => WrongTokenMessage,
        AdminRefusalKind.NotAllowed => NotAllowedMessage,
        _ when ServerWide => ServerWideMessage(HttpPipeline.RetryAfterSeconds(RetryAfter)),
        _ => TooManyFailuresMessage(HttpPipeline.RetryAfterSeconds(RetryAfter)),
    };

    /// <summary>Too many wrong tokens (from the caller's address, or from everyone); try again after <paramref name="retryAfter"/>.</summary>
    public static AdminRefusal TooManyFailures(TimeSpan retryAfter, bool serverWide = false) => new(AdminRefusalKind.TooManyFailures, retryAfter, serverWide);

    /// <summary>The refusal for an address that presented too many wrong admin tokens.</summary>
    public static string TooManyFailuresMessage(int retryAfterSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"Too many wrong admin tokens from your address. Please try again in {retryAfterSeconds} seconds.");

    /// <summary>The refusal for any wrong token while the server-wide budget is spent.</summary>
    public static string ServerWideMessage(int retryAfterSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"Too many wrong admin tokens reached this server. Please try again in {retryAfterSeconds} seconds.");

    /// <summary>
    /// Writes the refusal as the door of the request expects it: a gRPC call gets a trailers-only
    /// response with <c>grpc-status</c> and <c>grpc-message</c> (and <c>retry-after</c>), a JSON
    /// transcoding call the HTTP status and a google.rpc.Status body, an admin page a short text
    /// (with <c>WWW-Authenticate: Bearer</c> on a 401). Nothing else of the call runs.
    /// </summary>
    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        if (Kind == AdminRefusalKind.TooManyFailures)
        {
            HttpPipeline.SetRetryAfter(response, RetryAfter);
        }

        if (HttpPipeline.IsGrpc(context.Request))
        {
            // Trailers-only: the status travels in the headers of a response without a body.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ((int)GrpcStatus).ToString(CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = PercentEncode(Message);
            return Task.CompletedTask;
        }

        response.StatusCode = HttpStatus;
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers.Pragma = "no-cache";
        if (Kind == AdminRefusalKind.MissingToken)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            return response.Body.WriteAsync(JsonStatus(), context.RequestAborted).AsTask();
        }

        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(Kind == AdminRefusalKind.MissingToken ? PageLoginMessage : Message, context.RequestAborted);
    }

    // The body JSON transcoding writes for an RpcException: google.rpc.Status.
    private ReadOnlyMemory<byte> JsonStatus()
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Escaped as transcoding escapes it: quotes and angle brackets stay readable.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("code", (int)GrpcStatus);
            json.WriteString("message", Message);
            json.WriteStartArray("details");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    // grpc-message is percent-encoded UTF-8 outside printable ASCII (and '%' itself).
    private static string PercentEncode(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != '%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
