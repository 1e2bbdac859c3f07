using Dapper;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.ServiceDefaults.Data;

/// <summary>The tenant-scoped reads every service's list and get endpoints share; tables carry id (uuid v7) and tenant_id.</summary>
public static class TenantQueries
{
    /// <summary>One keyset page of a tenant's rows in id (creation) order.</summary>
    public static async Task<Page<T>> QueryPageAsync<T>(this NpgsqlDataSource dataSource, string selectFrom, TenantId tenant, PageRequest page,
        Func<T, Guid> idOf, CancellationToken cancellationToken, string extraFilter = "", object? extraParameters = null)
    {
        var parameters = new DynamicParameters(extraParameters);
        parameters.Add("tenant", tenant.Value);
        parameters.Add("after", page.After);
        parameters.Add("limit", page.Limit + 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<T>(new CommandDefinition(
            $"{selectFrom} WHERE tenant_id = @tenant AND (@after::uuid IS NULL OR id > @after::uuid) {extraFilter} ORDER BY id LIMIT @limit",
            parameters, cancellationToken: cancellationToken));
        return page.ToPage(rows.AsList(), idOf);
    }

    /// <summary>One row of a tenant, or null when it does not exist or belongs to another tenant.</summary>
    public static async Task<T?> QueryOneAsync<T>(this NpgsqlDataSource dataSource, string selectFrom, string keyColumn, object key, TenantId tenant, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(
            $"{selectFrom} WHERE tenant_id = @tenant AND {keyColumn} = @key", new { tenant = tenant.Value, key }, cancellationToken: cancellationToken));
    }
}
