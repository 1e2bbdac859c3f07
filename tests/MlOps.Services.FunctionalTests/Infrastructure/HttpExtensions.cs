using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace MlOps.Services.FunctionalTests.Infrastructure;

public static class HttpExtensions
{
    public static HttpClient ForTenant(this HttpClient client, string tenant)
    {
        return client.Authorize(tenant);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    /// <summary>Inserts a row for a tenant with the case's SQL and returns its id and key.</summary>
    public static async Task<(Guid Id, string Key)> InsertAsync(this IServiceUnderTest service, ServiceCase serviceCase, string tenant, string key)
    {
        var id = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.ExecuteAsync(serviceCase.InsertSql, new { id, tenant, key });
        return (id, serviceCase.KeyIsName ? key : id.ToString());
    }

    public static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];
}
