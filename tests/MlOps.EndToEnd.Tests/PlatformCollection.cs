namespace MlOps.EndToEnd.Tests;

/// <summary>Every end-to-end test class shares one <see cref="PlatformFixture"/>: two AppHosts would fight over the same ports.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
