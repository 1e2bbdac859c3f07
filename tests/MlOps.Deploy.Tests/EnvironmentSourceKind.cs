namespace MlOps.Deploy.Tests;

public enum EnvironmentSourceKind
{
    Literal,
    ConfigMap,
    Secret,
    Other,
}
