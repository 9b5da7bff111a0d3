using RollCall.Server.Domain;

namespace RollCall.Server.Live;

/// <summary>Receives status changes after they are committed, in version order.</summary>
public interface IStatusChangeSink
{
    /// <summary>Called once per committed batch, with its changes in version order.</summary>
    void Publish(IReadOnlyList<StatusChange> changes);
}
