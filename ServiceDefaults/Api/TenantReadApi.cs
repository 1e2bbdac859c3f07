using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MlOps.ServiceDefaults.Data;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.ServiceDefaults.Api;

/// <summary>Maps the list and get endpoints every service has for what it owns, scoped to the caller's tenant.</summary>
public static class TenantReadApi
{
    /// <param name="app">Where to map.</param>
    /// <param name="prefix">Route prefix, e.g. /models.</param>
    /// <param name="resource">Singular resource name used in operation names and errors, e.g. Model.</param>
    /// <param name="selectFrom">SELECT ... FROM table, without WHERE.</param>
    /// <param name="keyColumn">Column the get endpoint looks up: id (uuid) or a natural key such as name.</param>
    /// <param name="idOf">The row's uuid v7 id, used as the page cursor.</param>
    public static RouteGroupBuilder MapTenantReadApi<T, TKey>(this IEndpointRouteBuilder app, string prefix, string resource, string selectFrom, string keyColumn, Func<T, Guid> idOf)
        where TKey : notnull
    {
        var group = app.MapGroup(prefix).WithTags(resource + "s");
        group.MapGet("/", async Task<Ok<Page<T>>> (TenantId tenant, PageRequest page, NpgsqlDataSource db, CancellationToken cancellationToken) =>
                TypedResults.Ok(await db.QueryPageAsync(selectFrom, tenant, page, idOf, cancellationToken)))
            .WithName($"List{resource}s")
            .WithSummary($"Lists the tenant's {resource.ToLowerInvariant()}s, in creation order; pass the returned cursor for the next page.");
        var keyRoute = typeof(TKey) == typeof(Guid) ? "/{key:guid}" : "/{key}";
        group.MapGet(keyRoute, async Task<Results<Ok<T>, ProblemHttpResult>> (TKey key, TenantId tenant, NpgsqlDataSource db, CancellationToken cancellationToken) =>
                await db.QueryOneAsync<T>(selectFrom, keyColumn, key, tenant, cancellationToken) is { } item
                    ? TypedResults.Ok(item)
                    : NotFound(resource, key))
            .WithName($"Get{resource}")
            .WithSummary($"Gets one {resource.ToLowerInvariant()} by {keyColumn}.");
        return group;
    }

    public static ProblemHttpResult NotFound(string resource, object key) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{resource} not found", detail: $"No {resource.ToLowerInvariant()} '{key}' exists for this tenant.");
}
