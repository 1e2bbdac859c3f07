namespace MlOps.Inference.Serving;

/// <summary>A model as a tenant names it.</summary>
public readonly record struct ModelKey(string Tenant, string Model)
{
    public override string ToString() => $"{Tenant}/{Model}";
}
