using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MlOps.Incident.Slos;

/// <summary>The configured Prometheus: reloads its rules and answers instant queries; every failure is a <see cref="PrometheusUnavailableException"/>.</summary>
public sealed class PrometheusClient(IHttpClientFactory httpClients, IOptions<SloOptions> options)
{
    public const string HttpClientName = "prometheus";

    public bool Configured => options.Value.PrometheusUrl is not null;

    /// <summary>Asks Prometheus to read its configuration and rule files again (it must run with --web.enable-lifecycle).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, Address("-/reload")), cancellationToken);
    }

    /// <summary>An instant query's samples: each series' labels and value.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string query, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Address("api/v1/query?query=" + Uri.EscapeDataString(query))),
            cancellationToken);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var data = body.RootElement.GetProperty("data");
        if (data.GetProperty("resultType").GetString() != "vector")
        {
            throw new PrometheusUnavailableException($"Prometheus answered a {data.GetProperty("resultType").GetString()} to an instant query.");
        }
        return data.GetProperty("result").EnumerateArray().Select(sample => (
            (IReadOnlyDictionary<string, string>)sample.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
            double.Parse(sample.GetProperty("value")[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture))).ToList();
    }

    private Uri Address(string relative)
    {
        var baseUrl = options.Value.PrometheusUrl ?? throw new PrometheusUnavailableException("No Prometheus is configured (MlOps:Incident:Slo:PrometheusUrl).");
        return new Uri(new Uri(baseUrl.ToString().TrimEnd('/') + "/"), relative);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.QueryTimeout);
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PrometheusUnavailableException($"Prometheus at {options.Value.PrometheusUrl} did not answer: {e.Message}", e);
        }
        finally
        {
            request.Dispose();
        }
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new PrometheusUnavailableException(
                $"Prometheus at {options.Value.PrometheusUrl} answered {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] : text)}");
        }
        return response;
    }
}

/// <summary>Prometheus is not configured, not reachable, or refused the request.</summary>
public sealed class PrometheusUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
