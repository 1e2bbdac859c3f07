namespace MlOps.EndToEnd.Tests;

/// <summary>One platform for every end-to-end test class: a second AppHost would contend for the same ports.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
