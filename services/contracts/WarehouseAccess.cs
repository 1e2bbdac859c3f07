namespace MlOps.Contracts;

/// <summary>
/// Per-tenant read access to the warehouse (warehouse-access.sql, next to this file): each tenant has a NOLOGIN role that
/// may read only its own dataset schemas; the read-only login holds every tenant role without inheriting it and takes the
/// caller's tenant's role for one transaction, so a query naming another tenant's schema is refused by PostgreSQL itself.
/// </summary>
public static class WarehouseAccess
{
    /// <summary>The administrator's script, run connected to the warehouse database before <see cref="ConfigureSql"/>; idempotent.</summary>
    public static string ProvisionSql { get; } = ReadScript();

    /// <summary>Names the loader role ($1, owner of the warehouse) and the read-only login role ($2); run by the administrator.</summary>
    public const string ConfigureSql = "SELECT warehouse_access.configure($1, $2)";

    /// <summary>
    /// The first statement of every warehouse read transaction, $1 the caller's tenant: SET LOCAL ROLE to the tenant's role.
    /// A tenant that has no role yet (ingest never granted it a schema) returns no row and stays the bare login, which reads
    /// no tenant's table.
    /// </summary>
    public const string UseTenantRoleSql =
        "SELECT set_config('role', r.rolname, true) FROM pg_catalog.pg_roles r WHERE r.rolname = warehouse_access.tenant_role($1)";

    /// <summary>The name of a tenant's role ($1), for tests and operators.</summary>
    public const string TenantRoleSql = "SELECT warehouse_access.tenant_role($1)";

    /// <summary>
    /// Lets the tenant's ($1) role read the loader's schema $2 (its tables now and later); run by the loader in the transaction
    /// that creates the schema. Refuses a schema the loader does not own, and any other caller.
    /// </summary>
    public const string GrantTenantSchemaSql = "SELECT warehouse_access.grant_tenant_schema($1, $2)";

    /// <summary>Whether the warehouse was provisioned with per-tenant roles (true) or is a bare database (false).</summary>
    public const string ProvisionedSql = "SELECT to_regprocedure('warehouse_access.grant_tenant_schema(text,name)') IS NOT NULL";

    private static string ReadScript()
    {
        using var stream = typeof(WarehouseAccess).Assembly.GetManifestResourceStream("MlOps.Contracts.warehouse-access.sql")
            ?? throw new InvalidOperationException("warehouse-access.sql is not embedded in MlOps.Contracts.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
