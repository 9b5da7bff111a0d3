using Grpc.Core;

namespace RollCall.Server.Security;

/// <summary>Lets an admin call through only with <c>authorization: Bearer &lt;admin token&gt;</c>.</summary>
public sealed partial class AdminGate(AdminTokens tokens, ILogger<AdminGate> logger)
{
    /// <summary>The answer to a call without a token.</summary>
    public const string MissingTokenMessage = "This call needs the admin token: send the metadata 'authorization: Bearer <token>'.";

    /// <summary>The answer to a call with a wrong token.</summary>
    public const string WrongTokenMessage = "The admin token is not valid.";

    /// <summary>Throws UNAUTHENTICATED without a token and PERMISSION_DENIED with a wrong one.</summary>
    public void Demand(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, MissingTokenMessage));
        }

        if (!IsAdmin(header))
        {
            LogRejected(context.Method, context.Peer);
            throw new RpcException(new Status(StatusCode.PermissionDenied, WrongTokenMessage));
        }
    }

    /// <summary>True when an <c>Authorization</c> header value carries the admin token.</summary>
    public bool IsAdmin(string? authorization)
    {
        const string Scheme = "Bearer ";
        return authorization is not null
            && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && tokens.IsValid(authorization[Scheme.Length..].Trim());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an admin call to {Method} from {Peer}: wrong admin token")]
    private partial void LogRejected(string method, string peer);
}
