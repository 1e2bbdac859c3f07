namespace MlOps.Services.FunctionalTests.Infrastructure;

/// <summary>
/// One service's owned resource: its list route, its key column, and SQL that inserts a row
/// (parameters @id, @tenant, @key) so reads can be checked against real rows.
/// </summary>
public sealed record ServiceCase(string Service, string Route, bool KeyIsName, string InsertSql)
{
    public override string ToString() => Service;
}
