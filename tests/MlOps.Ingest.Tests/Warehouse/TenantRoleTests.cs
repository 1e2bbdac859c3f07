using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MlOps.Contracts;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Warehouse;
using MlOps.TestSupport;
using Npgsql;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

/// <summary>
/// The warehouse provisioned as the AppHost does (warehouse-access.sql), loaded by ingest as the loader role and read through
/// the read-only login as a tenant's role: PostgreSQL itself keeps tenants apart, whatever schema the reading code names.
/// </summary>
public sealed class TenantRoleTests : IAsyncLifetime
{
    private static readonly TableSchema Orders = Root("orders", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));
    private static readonly TableSchema Refunds = Root("refunds", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("id", DataType.BigInt));
    private readonly string _a = "a" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _b = "b" + Guid.NewGuid().ToString("N")[..8];
    private ReadOnlyWarehouse _warehouse = null!;
    private NpgsqlDataSource _loader = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private PostgresWarehouse Ingest => new(_loader, new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero)),
        NullLogger<PostgresWarehouse>.Instance);

    public async ValueTask InitializeAsync()
    {
        _warehouse = await ReadOnlyWarehouse.CreateAsync("roles_wh", Token);
        _loader = NpgsqlDataSource.Create(_warehouse.LoaderConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _loader.DisposeAsync();
        await _warehouse.DisposeAsync();
    }

    [Fact]
    public async Task Read_AsTenantA_ReadsItsOwnTableAndIsDeniedTenantBs()
    {
        await LoadAsync(_a, Orders, 1L, 2L);
        await LoadAsync(_b, Orders, 3L);

        var own = await CountAsTenantAsync(_a, Table(_a, "orders"));
        var other = await Assert.ThrowsAsync<PostgresException>(() => CountAsTenantAsync(_a, Table(_b, "orders")));

        Assert.Equal(2, own);
        Assert.Equal((PostgresErrorCodes.InsufficientPrivilege, $"permission denied for schema {WarehouseNames.Schema(_b, "shop")}"),
            (other.SqlState, other.MessageText));
    }

    [Fact]
    public async Task Read_TableALaterLoadAdds_ReadableByTheTenantWithoutAnotherGrant()
    {
        await LoadAsync(_a, Orders, 1L);
        var refundsBefore = await Assert.ThrowsAsync<PostgresException>(() => CountAsTenantAsync(_a, Table(_a, "refunds")));

        await LoadAsync(_a, Refunds, 7L, 8L, 9L);

        Assert.Equal(PostgresErrorCodes.UndefinedTable, refundsBefore.SqlState);
        Assert.Equal(3, await CountAsTenantAsync(_a, Table(_a, "refunds")));
    }

    [Fact]
    public async Task Load_TenantsFirstLoadFails_LeavesNoSchemaRoleOrGrant()
    {
        var keyless = Root("keyless", WriteDisposition.Merge, MergeStrategy.Upsert, Column("id", DataType.BigInt));

        await Assert.ThrowsAsync<LoadFailedException>(() => LoadAsync(_a, keyless, 1L));

        await using var admin = await _warehouse.OpenAdminAsync(Token);
        await using var left = new NpgsqlCommand("SELECT to_regnamespace($1) IS NULL AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2)", admin);
        left.Parameters.AddWithValue($"\"{WarehouseNames.Schema(_a, "shop")}\"");
        left.Parameters.AddWithValue(await _warehouse.TenantRoleAsync(_a, Token));
        Assert.Equal(true, await left.ExecuteScalarAsync(Token));
    }

    [Fact]
    public async Task Read_AsTheReaderLoginAlone_DeniedEveryTenantTable()
    {
        await LoadAsync(_a, Orders, 1L);
        await using var reader = new NpgsqlConnection(_warehouse.ReadOnlyConnectionString);
        await reader.OpenAsync(Token);
        await using var query = new NpgsqlCommand($"SELECT count(*) FROM {Table(_a, "orders")}", reader);

        var denied = await Assert.ThrowsAsync<PostgresException>(() => query.ExecuteScalarAsync(Token));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Fact]
    public async Task UseTenantRole_TenantWithNoRoleYet_StaysTheReaderLoginWhichReadsNothing()
    {
        await LoadAsync(_a, Orders, 1L);
        await using var reader = new NpgsqlConnection(_warehouse.ReadOnlyConnectionString);
        await reader.OpenAsync(Token);
        await using var transaction = await reader.BeginTransactionAsync(Token);
        await using var role = new NpgsqlCommand(WarehouseAccess.UseTenantRoleSql, reader, transaction);
        role.Parameters.AddWithValue("never-loaded");

        var set = await role.ExecuteScalarAsync(Token);
        await using var who = new NpgsqlCommand("SELECT current_user::text", reader, transaction);
        var user = await who.ExecuteScalarAsync(Token);

        Assert.Null(set);
        Assert.Equal(_warehouse.Role, user);
    }

    [Fact]
    public async Task UseTenantRole_InATransaction_EndsWithTheTransaction()
    {
        await LoadAsync(_a, Orders, 1L);
        await using var reader = new NpgsqlConnection(_warehouse.ReadOnlyConnectionString);
        await reader.OpenAsync(Token);
        await using (var transaction = await reader.BeginTransactionAsync(Token))
        {
            await using var role = new NpgsqlCommand(WarehouseAccess.UseTenantRoleSql, reader, transaction);
            role.Parameters.AddWithValue(_a);
            Assert.Equal(await _warehouse.TenantRoleAsync(_a, Token), await role.ExecuteScalarAsync(Token));
            await transaction.CommitAsync(Token);
        }
        await using var who = new NpgsqlCommand("SELECT current_user::text", reader);

        Assert.Equal(_warehouse.Role, await who.ExecuteScalarAsync(Token));
    }

    [Fact]
    public async Task GrantTenantSchema_SchemaTheLoaderDoesNotOwn_Refused()
    {
        var schema = WarehouseNames.Schema(_a, "foreign");
        await using (var admin = await _warehouse.OpenAdminAsync(Token))
        {
            await ReadOnlyWarehouse.ExecuteAsync(admin, $"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".secrets (x int)", Token);
        }
        await using var loader = await _warehouse.OpenLoaderAsync(Token);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => GrantAsync(loader, _a, schema));

        Assert.Equal((PostgresErrorCodes.InsufficientPrivilege, $"schema \"{schema}\" is not one of {_warehouse.LoaderRole}'s"),
            (refused.SqlState, refused.MessageText));
        await Assert.ThrowsAsync<PostgresException>(() => CountAsTenantAsync(_a, $"\"{schema}\".secrets"));
    }

    [Fact]
    public async Task GrantTenantSchema_CalledByTheReader_Refused()
    {
        await LoadAsync(_a, Orders, 1L);
        await using var reader = new NpgsqlConnection(_warehouse.ReadOnlyConnectionString);
        await reader.OpenAsync(Token);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => GrantAsync(reader, _b, WarehouseNames.Schema(_a, "shop")));

        Assert.Equal((PostgresErrorCodes.InsufficientPrivilege, "permission denied for function grant_tenant_schema"),
            (refused.SqlState, refused.MessageText));
        await Assert.ThrowsAsync<PostgresException>(() => CountAsTenantAsync(_b, Table(_a, "orders")));
    }

    [Fact]
    public async Task Provision_OverTheEarlierBlanketGrants_ReaderLoginLosesThem()
    {
        await LoadAsync(_a, Orders, 1L);
        await using (var admin = await _warehouse.OpenAdminAsync(Token))
        {
            // What the provisioner granted before per-tenant roles: every schema and table the loader makes, present and future.
            var (loader, reader, schema) = (_warehouse.LoaderRole, _warehouse.Role, WarehouseNames.Schema(_a, "shop"));
            await ReadOnlyWarehouse.ExecuteAsync(admin, $"""
                ALTER ROLE {reader} INHERIT;
                ALTER DEFAULT PRIVILEGES FOR ROLE {loader} GRANT USAGE ON SCHEMAS TO {reader};
                ALTER DEFAULT PRIVILEGES FOR ROLE {loader} GRANT SELECT ON TABLES TO {reader};
                GRANT USAGE ON SCHEMA "{schema}" TO {reader};
                GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {reader};
                """, Token);
            Assert.Equal(1, await CountAsReaderLoginAsync(Table(_a, "orders")));

            await ReadOnlyWarehouse.ExecuteAsync(admin, WarehouseAccess.ProvisionSql, Token);
            await using var configure = new NpgsqlCommand(WarehouseAccess.ConfigureSql, admin);
            configure.Parameters.AddWithValue(loader);
            configure.Parameters.AddWithValue(reader);
            await configure.ExecuteNonQueryAsync(Token);
        }
        await LoadAsync(_b, Orders, 2L);

        await Assert.ThrowsAsync<PostgresException>(() => CountAsReaderLoginAsync(Table(_a, "orders")));
        await Assert.ThrowsAsync<PostgresException>(() => CountAsReaderLoginAsync(Table(_b, "orders")));
        Assert.Equal(1, await CountAsTenantAsync(_a, Table(_a, "orders")));
        Assert.Equal(1, await CountAsTenantAsync(_b, Table(_b, "orders")));
    }

    [Fact]
    public async Task Backfill_SchemaMadeBeforeTenantRoles_GrantedOnceAtStart()
    {
        var schema = WarehouseNames.Schema(_a, "old");
        await using (var loader = await _warehouse.OpenLoaderAsync(Token))
        {
            // A dataset an earlier version loaded: the schema exists, no tenant role reads it.
            await ReadOnlyWarehouse.ExecuteAsync(loader, $"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".old_rows AS SELECT 1 AS x", Token);
        }
        var ingestDb = TestInfrastructure.UniqueDatabase("roles_ingest");
        await using (var admin = new NpgsqlConnection(TestInfrastructure.Postgres("postgres")))
        {
            await admin.OpenAsync(Token);
            await ReadOnlyWarehouse.ExecuteAsync(admin, $"CREATE DATABASE \"{ingestDb}\"", Token);
        }
        try
        {
            await using var ingest = NpgsqlDataSource.Create(TestInfrastructure.Postgres(ingestDb));
            await using (var command = ingest.CreateCommand(
                $"CREATE TABLE datasets (tenant_id text, name text); INSERT INTO datasets VALUES ('{_a}', 'old'), ('{_b}', 'lake-only')"))
            {
                await command.ExecuteNonQueryAsync(Token);
            }
            var backfill = new TenantGrantBackfill(ingest, _loader, NullLogger<TenantGrantBackfill>.Instance);
            var deniedBefore = await Assert.ThrowsAsync<PostgresException>(() => CountAsTenantAsync(_a, $"\"{schema}\".old_rows"));

            var first = await backfill.RunAsync(Token);
            var second = await backfill.RunAsync(Token);

            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, deniedBefore.SqlState);
            Assert.Equal((1, 0), (first, second));
            Assert.Equal(1, await CountAsTenantAsync(_a, $"\"{schema}\".old_rows"));
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(ingestDb);
        }
    }

    private static string Table(string tenant, string table) => $"\"{WarehouseNames.Schema(tenant, "shop")}\".{table}";

    private async Task LoadAsync(string tenant, TableSchema table, params long[] ids) =>
        await TestTables.LoadAsync(Ingest, Job(tenant, "shop"),
            [Batch(table.Name, new TableRows(table, [.. ids.Select(id => new object?[] { id, "L", $"r{id}" })]))]);

    private static async Task GrantAsync(NpgsqlConnection connection, string tenant, string schema)
    {
        await using var grant = new NpgsqlCommand(WarehouseAccess.GrantTenantSchemaSql, connection);
        grant.Parameters.AddWithValue(tenant);
        grant.Parameters.AddWithValue(schema);
        await grant.ExecuteNonQueryAsync(Token);
    }

    // As the feature store and the trainer read: one transaction, as the tenant's role.
    private async Task<long> CountAsTenantAsync(string tenant, string table)
    {
        await using var reader = new NpgsqlConnection(_warehouse.ReadOnlyConnectionString);
        await reader.OpenAsync(Token);
        await using var transaction = await reader.BeginTransactionAsync(Token);
        await using var role = new NpgsqlCommand(WarehouseAccess.UseTenantRoleSql, reader, transaction);
        role.Parameters.AddWithValue(tenant);
        await role.ExecuteNonQueryAsync(Token);
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", reader, transaction);
        return (long)(await count.ExecuteScalarAsync(Token))!;
    }

    private async Task<long> CountAsReaderLoginAsync(string table)
    {
        await using var reader = new NpgsqlConnection(_warehouse.ReadOnlyConnectionString);
        await reader.OpenAsync(Token);
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", reader);
        return (long)(await count.ExecuteScalarAsync(Token))!;
    }
}
