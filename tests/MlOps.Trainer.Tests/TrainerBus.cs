namespace MlOps.Trainer.Tests;

/// <summary>The test classes whose trainer consumes RequestRetraining on the shared `trainer` virtual host: one at a time, or they take each other's commands.</summary>
[CollectionDefinition(Name)]
public sealed class TrainerBus
{
    public const string Name = "trainer-bus";
}
