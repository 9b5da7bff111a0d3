using Google.Protobuf;
using Grpc.Core;
using RollCall.Legacy;
using RollCall.Server.FastPath;

namespace RollCall.Server.Grpc;

/// <summary>
/// The base of the 2016 service in place of the generated <c>RegisterService.RegisterServiceBase</c>:
/// the same service, methods and messages on the wire, but GetStatus answers with a pre-encoded
/// <see cref="LegacyStatusPayload"/>, so a read copies bytes instead of serialising every attendee.
/// </summary>
[BindServiceMethod(typeof(LegacyRegisterBinding), nameof(LegacyRegisterBinding.BindService))]
public abstract class LegacyRegisterServiceBase
{
    /// <summary>The 2016 <c>GetStatus</c>.</summary>
    public abstract Task<LegacyStatusPayload> GetStatus(StatusRequest request, ServerCallContext context);

    /// <summary>The 2016 <c>GetCode</c>.</summary>
    public abstract Task<CodeResponse> GetCode(CodeRequest request, ServerCallContext context);
}

/// <summary>
/// Binds <see cref="LegacyRegisterServiceBase"/> as <c>services.RegisterService</c>. Server
/// reflection and JSON transcoding find the service's descriptor through <see cref="Descriptor"/>.
/// </summary>
public static class LegacyRegisterBinding
{
    private static readonly Method<StatusRequest, LegacyStatusPayload> _getStatus = new(
        MethodType.Unary,
        RegisterService.Descriptor.FullName,
        "GetStatus",
        MessageMarshaller(StatusRequest.Parser),
        new Marshaller<LegacyStatusPayload>(
            (payload, context) => payload.WriteTo(context),
            _ => throw new NotSupportedException("The server only writes 2016 status payloads.")));

    private static readonly Method<CodeRequest, CodeResponse> _getCode = new(
        MethodType.Unary,
        RegisterService.Descriptor.FullName,
        "GetCode",
        MessageMarshaller(CodeRequest.Parser),
        MessageMarshaller(CodeResponse.Parser));

    /// <summary>The 2016 service's descriptor, from <c>protos/services.proto</c>.</summary>
    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => RegisterService.Descriptor;

    /// <summary>Adds the service's methods; called by Grpc.AspNetCore with a null service while mapping.</summary>
    public static void BindService(ServiceBinderBase binder, LegacyRegisterServiceBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(_getStatus, service is null ? null : service.GetStatus);
        binder.AddMethod(_getCode, service is null ? null : service.GetCode);
    }

    private static Marshaller<T> MessageMarshaller<T>(MessageParser<T> parser)
        where T : IMessage<T>, IBufferMessage => new(
        (message, context) =>
        {
            context.SetPayloadLength(message.CalculateSize());
            message.WriteTo(context.GetBufferWriter());
            context.Complete();
        },
        context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}
