namespace MlOps.Inference.Serving;

/// <summary>
/// The version chosen to answer one request (the canary split decided once), held until the request is done: the request
/// is mapped through, filled for and run on this same version, even if an alias moves meanwhile.
/// </summary>
public sealed class ServingLease(Deployment deployment, ServedModel model, string role) : IDisposable
{
    private int _released;

    public Deployment Deployment { get; } = deployment;
    public ServedModel Model { get; } = model;

    /// <summary>Champion or challenger (<see cref="PredictionRoles"/>), as routed when the lease was taken.</summary>
    public string Role { get; } = role;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Model.Release();
        }
    }
}
