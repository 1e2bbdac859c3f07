namespace MlOps.ServiceDefaults.Identity;

/// <summary>Tokens of this service's own identity, per tenant it acts for (background work: no user to act for).</summary>
public interface IServiceTokenSource
{
    ValueTask<string> GetTokenAsync(string tenant, CancellationToken cancellationToken);
}
