using Microsoft.Extensions.Options;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Loading;

/// <summary>Fetches and verifies an artifact, opens its session, warms it up and wraps it for serving.</summary>
public sealed class ModelLoader(RegistryModelSource registry, IOptions<BatchingOptions> batchingOptions)
{
    private const int WarmUpRuns = 3;

    public async Task<ServedModel> LoadAsync(ModelKey key, RegistryVersion version, CancellationToken cancellationToken, bool batching = true)
    {
        var path = await registry.FetchVerifiedAsync(key.Tenant, version, cancellationToken);
        return await Task.Run(() =>
        {
            var session = new ModelSession(path);
            try
            {
                var example = WarmUpInputs(session.Signature);
                for (var i = 0; i < WarmUpRuns; i++)
                {
                    session.Run(example);
                }
                return new ServedModel(key, version.Version, version.ArtifactDigest, session, batching ? batchingOptions.Value : new BatchingOptions { Enabled = false });
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }, cancellationToken);
    }

    // One row of zeros (empty strings, false): enough to page the weights in and build the kernels' caches.
    private static Tensor[] WarmUpInputs(ModelSignature signature) =>
        [.. signature.Inputs.Select(spec =>
        {
            var shape = spec.Shape.Select(d => d < 0 ? 1L : d).ToArray();
            var data = spec.Datatype.Allocate((int)Tensor.ElementCount(shape));
            if (data is string[] strings)
            {
                Array.Fill(strings, "");
            }
            return new Tensor(spec.Name, spec.Datatype, shape, data);
        })];
}
