using Dapper;
using MlOps.Registry.Model;
using Npgsql;

namespace MlOps.Registry.Services;

/// <summary>Tenant-scoped look-ups of versions, by number or through an alias.</summary>
public static class VersionReads
{
    public static async Task<ModelVersionRow?> FindVersionAsync(this NpgsqlDataSource db, string tenant, string model, int version, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ModelVersionRow>(new CommandDefinition(
            $"{ModelVersionRow.SelectFrom} WHERE m.tenant_id = @tenant AND m.name = @model AND v.version = @version",
            new { tenant, model, version }, cancellationToken: cancellationToken));
    }

    public static async Task<(ModelVersionRow Version, long Revision)?> FindAliasedVersionAsync(this NpgsqlDataSource db, string tenant, string model, string alias, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var target = await connection.QuerySingleOrDefaultAsync<(int Version, long Revision)?>(new CommandDefinition(
            """
            SELECT a.version, a.revision FROM model_aliases a JOIN registered_models m ON m.id = a.model_id
            WHERE m.tenant_id = @tenant AND m.name = @model AND a.alias = @alias
            """, new { tenant, model, alias }, cancellationToken: cancellationToken));
        if (target is not { } found)
        {
            return null;
        }
        var version = await connection.QuerySingleAsync<ModelVersionRow>(new CommandDefinition(
            $"{ModelVersionRow.SelectFrom} WHERE m.tenant_id = @tenant AND m.name = @model AND v.version = @version",
            new { tenant, model, version = found.Version }, cancellationToken: cancellationToken));
        return (version, found.Revision);
    }
}
