using Dapper;
using Npgsql;

namespace MlOps.ServiceDefaults.Retention;

/// <summary>
/// What a service prunes and after how long (<c>MlOps:Retention:Ages:&lt;Name&gt;</c> overrides <see cref="DefaultAge"/>):
/// one batch at a time, each call deleting at most the batch size of rows older than the cutoff and answering how many.
/// </summary>
public sealed record RetentionRule(string Name, TimeSpan DefaultAge, Func<NpgsqlDataSource, DateTime, int, CancellationToken, Task<int>> PruneBatchAsync)
{
    /// <summary>A rule that is one DELETE statement taking <c>@cutoff</c> and <c>@batch</c>.</summary>
    public static RetentionRule Sql(string name, TimeSpan defaultAge, string deleteSql) => new(name, defaultAge, async (db, cutoff, batch, cancellationToken) =>
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(deleteSql, new { cutoff, batch }, cancellationToken: cancellationToken));
    });
}
