namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// The warehouse: a database owned by the loading service's role (which creates a schema per tenant and dataset in it),
/// and a reader role that can only connect and SELECT, for the services that train from loaded data.
/// </summary>
public sealed record WarehouseAccount(ServiceAccount Owner, string Database, ServiceAccount Reader);
