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

    /// <summary>The version an alias points to and the alias revision, in one query (the call inference makes on every load).</summary>
    public static async Task<(ModelVersionRow Version, long Revision)?> FindAliasedVersionAsync(this NpgsqlDataSource db, string tenant, string model, string alias, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ModelVersionRow>(new CommandDefinition(
            $"{ModelVersionRow.SelectByAlias} WHERE m.tenant_id = @tenant AND m.name = @model AND al.alias = @alias",
            new { tenant, model, alias }, cancellationToken: cancellationToken));
        return row is null ? null : (row, row.AliasRevision);
    }
}
