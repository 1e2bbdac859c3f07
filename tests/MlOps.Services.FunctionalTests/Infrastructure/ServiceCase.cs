namespace MlOps.Services.FunctionalTests.Infrastructure;

/// <summary>
/// One service's owned resource: its list route, its key column, and SQL that inserts a row
/// (parameters @id, @tenant, @key) so reads can be checked against real rows.
/// </summary>
/// <param name="IdPaged">Whether its list pages by uuid v7 id in creation order (sessions page by last activity).</param>
public sealed record ServiceCase(string Service, string Route, bool KeyIsName, string InsertSql, bool IdPaged = true)
{
    public override string ToString() => Service;
}
