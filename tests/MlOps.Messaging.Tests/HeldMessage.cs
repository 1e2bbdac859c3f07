namespace MlOps.Messaging.Tests;

/// <summary>A message of the limits test only (its own exchange, so no other test's consumer sees it).</summary>
public sealed record HeldMessage(int Number);
