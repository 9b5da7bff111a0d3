using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RollCall.Server.Application;
using RollCall.Server.Domain;
using RollCall.Server.Tests.Storage;
using RollCall.Testing;
using RollCall.V1;

namespace RollCall.Server.Tests.Security;

/// <summary>
/// A guess whose caller gives up after it was queued is still a guess: the store keeps the operation,
/// and its real result settles the address's budget, the audit and the metrics. Deterministic: the
/// store holds each redemption's answer until the test has cancelled the call.
/// </summary>
public sealed class CancelledGuessTests
{
    private static Dictionary<string, string?> Settings() => new()
    {
        ["RollCall:TrustedProxies"] = "127.0.0.1",
        ["RollCall:RateLimits:FailuresPerAddress"] = "3",
        ["RollCall:RateLimits:GlobalFailures"] = "0",
        ["RollCall:RateLimits:WindowSeconds"] = "3600",
    };

    [Fact]
    public async Task WrongGuessesCancelledAfterTheyWereQueuedStillSpendTheAddresssBudget()
    {
        var gate = new HeldRedemptions();
        await using var app = new RollCallApplication(Settings(), configureServices: gate.AddTo);
        var channel = app.CreateChannel();
        var valid = (await AdminCalls.MintAsync(channel, app.AdminToken, 1))[0];
        var client = new Registration.RegistrationClient(channel);
        var from = new Metadata { { "x-forwarded-for", "203.0.113.7" } };

        for (var i = 0; i < 3; i++)
        {
            using var cancel = new CancellationTokenSource();
            var call = client.RegisterAsync(new RegisterRequest { FirstName = "Eve", LastName = "Guesser", Code = $"{100000000 + i}" }, from, cancellationToken: cancel.Token);
            await gate.WaitQueuedAsync(i + 1);
            await cancel.CancelAsync();
            // The caller gave up: it hears no answer to its guess.
            await Assert.ThrowsAsync<RpcException>(async () => await call);
            gate.ReleaseAll();
        }

        gate.Hold = false;
        var next = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.RegisterAsync(new RegisterRequest { FirstName = "Eve", LastName = "Guesser", Code = valid }, from));

        Assert.Equal(StatusCode.ResourceExhausted, next.StatusCode);
    }

    [Fact]
    public async Task AValidCodeCancelledAfterItWasQueuedIsRegisteredAuditedAndCounted()
    {
        var gate = new HeldRedemptions();
        var log = new LogCapture();
        await using var app = new RollCallApplication(Settings(), configureServices: services =>
        {
            gate.AddTo(services);
            log.AddTo(services);
        });
        var channel = app.CreateChannel();
        var code = (await AdminCalls.MintAsync(channel, app.AdminToken, 1))[0];
        var client = new Registration.RegistrationClient(channel);
        using var cancel = new CancellationTokenSource();

        var call = client.RegisterAsync(new RegisterRequest { FirstName = "Ada", LastName = "Lovelace", Code = code }, cancellationToken: cancel.Token);
        await gate.WaitQueuedAsync(1);
        await cancel.CancelAsync();
        await Assert.ThrowsAsync<RpcException>(async () => await call);
        gate.ReleaseAll();
        gate.Hold = false;

        await Eventually.TrueAsync(() => log.Events.Any(e => e.Category == AuditLog.Category && e.EventId.Id == 1003), TimeSpan.FromSeconds(30), () => log.AllText);
        var status = await client.GetStatusAsync(new GetStatusRequest());
        Assert.Equal(1, status.Count);
    }

    /// <summary>The real store, whose redemptions run at once but whose answers wait for the test.</summary>
    private sealed class HeldRedemptions
    {
        private readonly ConcurrentQueue<TaskCompletionSource> _held = new();
        private int _queued;

        public bool Hold { get; set; } = true;

        public void AddTo(IServiceCollection services)
        {
            var descriptor = services.Last(d => d.ServiceType == typeof(IRegistrationStore));
            services.RemoveAll<IRegistrationStore>();
            services.AddSingleton<IRegistrationStore>(sp => new Store((IRegistrationStore)descriptor.ImplementationFactory!(sp), this));
        }

        public async Task WaitQueuedAsync(int count) =>
            await Eventually.TrueAsync(() => Volatile.Read(ref _queued) >= count, TimeSpan.FromSeconds(30));

        public void ReleaseAll()
        {
            while (_held.TryDequeue(out var held))
            {
                held.TrySetResult();
            }
        }

        private async Task<RedeemResult> RedeemAsync(IRegistrationStore inner, Redemption redemption)
        {
            // Queued as the real store queues it: from here on the write happens whatever the caller does.
            var result = inner.RedeemAsync(redemption, CancellationToken.None);
            if (Hold)
            {
                var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _held.Enqueue(held);
                Interlocked.Increment(ref _queued);
                await held.Task;
            }

            return await result;
        }

        private sealed class Store(IRegistrationStore inner, HeldRedemptions gate) : DelegatingRegistrationStore(inner)
        {
            public override Task<RedeemResult> RedeemAsync(Redemption redemption, CancellationToken cancellationToken) => gate.RedeemAsync(Inner, redemption);
        }
    }
}
