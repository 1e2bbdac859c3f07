namespace MlOps.Inference.Serving;

/// <summary>
/// The version chosen to answer one request (the canary split decided once), held until the request is done: the request is
/// filled from this version's feature service and run on it, even if an alias moves meanwhile.
/// </summary>
public sealed class ServingLease(Deployment deployment, ServedModel model, string role, ModelSignature contract) : IDisposable
{
    private int _released;

    public Deployment Deployment { get; } = deployment;
    public ServedModel Model { get; } = model;

    /// <summary>Champion or challenger (<see cref="PredictionRoles"/>), as routed when the lease was taken.</summary>
    public string Role { get; } = role;

    /// <summary>
    /// The inputs callers speak: the champion's (the version asked for, when one is). A canary challenger that cannot take them
    /// fails when run, and that failure counts against it.
    /// </summary>
    public ModelSignature Contract { get; } = contract;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Model.Release();
        }
    }
}
