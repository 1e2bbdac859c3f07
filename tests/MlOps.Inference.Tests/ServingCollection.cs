namespace MlOps.Inference.Tests;

/// <summary>One registry, one inference service and the trained demo versions for all serving tests.</summary>
[CollectionDefinition(Name)]
public sealed class ServingCollection : ICollectionFixture<ServingFixture>
{
    public const string Name = "serving";
}
