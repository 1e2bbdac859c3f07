using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MlOps.Ingest.Bench;

/// <summary>
/// Figure 4: pages of 100 small JSON objects from an in-process Kestrel API (page_number paginator) loaded into the warehouse
/// by the rest_api source, against a plain HttpClient fetching the same pages one after another in the same round.
/// </summary>
public static class RestApiBench
{
    private const int PerPage = 100;

    public static async Task RunAsync(string folder, int pages, int rounds, CancellationToken cancellationToken)
    {
        // Pages are rendered before the server starts, so serving one costs the same to both clients.
        var bodies = Enumerable.Range(1, pages).Select(p => Encoding.UTF8.GetBytes(Page(p, pages))).ToArray();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var api = builder.Build();
        api.MapGet("/items", (int page) => Results.Bytes(bodies[page - 1], "application/json"));
        await api.StartAsync(cancellationToken);
        var baseUrl = api.Urls.Single();
        await using var warehouse = await BenchDatabase.CreateAsync("ingest_bench_rest", cancellationToken);
        using var host = IngestHost.Start(warehouse.ConnectionString, folder);
        var config = "{\"client\": {\"base_url\": \"" + baseUrl + "\"}, \"resources\": [{\"name\": \"items\", \"endpoint\": "
            + "{\"path\": \"items\", \"data_selector\": \"data\", \"paginator\": {\"type\": \"page_number\", \"base_page\": 1, "
            + "\"page_param\": \"page\", \"total_path\": \"total_pages\"}}}]}";
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        // Warm-up: one load and one plain pass.
        await host.LoadAsync(host.RestApi(config), "rest", cancellationToken);
        await FetchAsync(http, pages, cancellationToken);
        var times = new List<(TimeSpan, TimeSpan)>();
        long rows = 0;
        for (var round = 0; round < rounds; round++)
        {
            await warehouse.ExecuteAsync("TRUNCATE bench__rest.items; CHECKPOINT", cancellationToken);
            var ingest = await Rounds.TimeAsync(async () =>
                rows = (await host.LoadAsync(host.RestApi(config), "rest", cancellationToken)).Tables.Sum(t => t.RowsLoaded));
            var plain = await Rounds.TimeAsync(() => FetchAsync(http, pages, cancellationToken));
            times.Add((ingest, plain));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rest round {round + 1}: ingest {pages / ingest.TotalSeconds:N0} pages/s, plain HttpClient {pages / plain.TotalSeconds:N0} pages/s"));
        }
        Rounds.Report("rest pages", rows, times);
        await api.StopAsync(cancellationToken);
    }

    private static async Task FetchAsync(HttpClient http, int pages, CancellationToken cancellationToken)
    {
        for (var page = 1; page <= pages; page++)
        {
            var body = await http.GetByteArrayAsync($"/items?page={page}", cancellationToken);
            if (body.Length == 0)
            {
                throw new InvalidOperationException($"page {page} is empty");
            }
        }
    }

    private static string Page(int page, int pages)
    {
        var items = Enumerable.Range((page - 1) * PerPage, PerPage).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"id\":{i},\"name\":\"item-{i}\",\"price\":{i % 1000 / 10.0},\"active\":{(i % 3 == 0 ? "true" : "false")},"
            + $"\"created_at\":\"2024-01-01T00:00:{i % 60:D2}Z\",\"category\":\"c{i % 8}\"}}"));
        return $"{{\"data\":[{string.Join(',', items)}],\"total_pages\":{pages}}}";
    }
}
