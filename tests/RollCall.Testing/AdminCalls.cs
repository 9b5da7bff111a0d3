using Grpc.Core;
using Grpc.Net.Client;
using RollCall.V1;

namespace RollCall.Testing;

/// <summary>Short-hands for setting up state through the real admin API.</summary>
public static class AdminCalls
{
    public static async Task<List<string>> MintAsync(GrpcChannel channel, string token, int count, string? label = null, TimeSpan? ttl = null)
    {
        var request = new IssueCodesRequest { Count = count, Label = label ?? string.Empty };
        if (ttl is { } t)
        {
            request.Ttl = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(t);
        }

        var response = await new Admin.AdminClient(channel).IssueCodesAsync(request, Bearer(token));
        return [.. response.Codes.Select(c => c.Code)];
    }

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}
