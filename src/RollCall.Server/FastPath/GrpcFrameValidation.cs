using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RollCall.Server.FastPath;

/// <summary>
/// Checks the request frame of unary RollCall calls before gRPC reads it, so a malformed frame or a
/// payload that is not the method's protobuf message gets INVALID_ARGUMENT with a clear message
/// (Grpc.AspNetCore would answer UNKNOWN and log a stack trace for every such request). Empty
/// payloads, the common case for status reads, pass without any work.
/// </summary>
internal static class GrpcFrameValidation
{
    private static readonly Dictionary<string, MessageParser> _parsers = BuildParsers(
        Legacy.ServicesReflection.Descriptor,
        V1.RegistrationReflection.Descriptor,
        V1.AdminReflection.Descriptor);

    /// <summary>Adds the check to a pipeline that only gRPC calls enter.</summary>
    public static IApplicationBuilder UseGrpcFrameValidation(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (!_parsers.TryGetValue(request.Path.Value ?? string.Empty, out var parser))
        {
            return next(context);
        }

        // This check stops reading past the gRPC limit itself and answers with a gRPC status,
        // where Kestrel's body limit would answer a bare HTTP 413 that gRPC clients call UNKNOWN.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        // Most requests (a status read's 5 bytes) are whole by now: check them without an async frame.
        var encoded = request.Headers.ContainsKey("grpc-encoding");
        var reader = request.BodyReader;
        if (reader.TryRead(out var read))
        {
            var buffer = read.Buffer;
            var whole = read.IsCompleted && buffer.Length <= GrpcFastPath.MaxReceiveMessageBytes + 5;
            var problem = whole ? Check(buffer, parser, encoded) : null;
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (whole)
            {
                return problem is null ? next(context) : Refuse(context, problem, tooLarge: false);
            }
        }

        return CheckThenNextAsync(context, next, reader, parser, encoded);
    });

    private static async Task CheckThenNextAsync(HttpContext context, RequestDelegate next, PipeReader reader, MessageParser parser, bool encoded)
    {
        var (problem, tooLarge) = await CheckAsync(reader, parser, encoded, context.RequestAborted);
        if (problem is not null)
        {
            await Refuse(context, problem, tooLarge);
            return;
        }

        await next(context);
    }

    private static Task Refuse(HttpContext context, string problem, bool tooLarge)
    {
        context.Response.ContentType = "application/grpc";
        // Too large is RESOURCE_EXHAUSTED, as gRPC itself answers; anything else is INVALID_ARGUMENT.
        context.Response.Headers["grpc-status"] = tooLarge ? "8" : "3";
        context.Response.Headers["grpc-message"] = problem;
        return Task.CompletedTask;
    }

    // Examines the whole request without consuming it: gRPC then reads the same buffered bytes,
    // so a valid call costs no copy of its body.
    private static async Task<(string? Problem, bool TooLarge)> CheckAsync(PipeReader reader, MessageParser parser, bool encoded, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > GrpcFastPath.MaxReceiveMessageBytes + 5)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return ($"The request is larger than {GrpcFastPath.MaxReceiveMessageBytes / 1024} KiB.", true);
            }

            var problem = read.IsCompleted ? Check(buffer, parser, encoded) : null;
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return (problem, false);
            }
        }
    }

    private static string? Check(ReadOnlySequence<byte> body, MessageParser parser, bool encoded)
    {
        if (body.Length < 5)
        {
            return "The gRPC frame is incomplete: it needs a 5-byte header.";
        }

        Span<byte> header = stackalloc byte[5];
        body.Slice(0, 5).CopyTo(header);
        var compressed = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (compressed > 1)
        {
            return "The gRPC frame has an invalid compression flag.";
        }

        if (length != body.Length - 5)
        {
            return $"The gRPC frame declares {length} bytes but carries {body.Length - 5}; unary calls take exactly one message.";
        }

        if (compressed == 1)
        {
            // A compressed payload is gRPC's to decode; without grpc-encoding it cannot be.
            return encoded ? null : "The gRPC frame is compressed but the request has no grpc-encoding header.";
        }

        if (length == 0)
        {
            return null;
        }

        try
        {
            parser.ParseFrom(body.Slice(5));
            return null;
        }
        catch (InvalidProtocolBufferException)
        {
            return "The request is not a valid protobuf message for this method.";
        }
    }

    private static Dictionary<string, MessageParser> BuildParsers(params FileDescriptor[] files)
    {
        var parsers = new Dictionary<string, MessageParser>(StringComparer.Ordinal);
        foreach (var service in files.SelectMany(f => f.Services))
        {
            foreach (var method in service.Methods.Where(m => !m.IsClientStreaming))
            {
                parsers[$"/{service.FullName}/{method.Name}"] = method.InputType.Parser;
            }
        }

        return parsers;
    }
}
