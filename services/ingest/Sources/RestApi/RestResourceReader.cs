using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>Reads one resource's pages for one parent item (or none): builds the request, paginates, fails naming the page.</summary>
internal sealed class RestResourceReader(
    RestResourceConfig resource, RestClientConfig client, RestHttp http, RestApiOptions options, IncrementalCursor? cursor, ILogger logger)
{
    private readonly RestEndpointConfig _endpoint = resource.Endpoint;
    private readonly RestAuth? _auth = resource.Endpoint.Auth ?? client.Auth;

    public async IAsyncEnumerable<RestPage> ReadAsync(JsonElement? parent, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var values = Placeholders(parent);
        string Value(string name) => values[name];
        var path = RestPlaceholders.Expand(_endpoint.Path, name => Uri.EscapeDataString(values[name]).Replace("%2F", "/"));
        var request = new RestRequest(Url(path));
        foreach (var (name, value) in _endpoint.Params)
        {
            var expanded = value is null ? default : JsonSerializer.SerializeToElement(RestPlaceholders.Expand(value, Value));
            request.Params.AddRange(RestValues.QueryValues(expanded).Select(v => KeyValuePair.Create(RestPlaceholders.Expand(name, Value), v)));
        }
        if (cursor is not null && _endpoint.Incremental is { } spec)
        {
            SetParam(request, spec.StartParam, cursor.StartValue);
            SetParam(request, spec.EndParam, cursor.EndValue);
        }
        var json = RestPlaceholders.Expand(_endpoint.Json, Value)?.ToJsonString();
        var paginator = Paginator.Create(_endpoint.Paginator ?? client.Paginator ?? PaginatorSpec.Auto);
        paginator?.Init(request);
        List<KeyValuePair<string, string>> authQuery = _auth?.QueryParam is { } q ? [KeyValuePair.Create(q.Name, q.Value)] : [];
        for (var page = 1; ; page++)
        {
            var url = request.FullUrl(authQuery);
            var display = url.AbsolutePath;
            if (page > options.MaxPages)
            {
                throw new SourceException($"REST resource '{resource.Name}': pagination did not end after {options.MaxPages} pages "
                    + $"(page {page} of {display} would be next); raise {RestApiOptions.SectionName}:MaxPages or fix the paginator.");
            }
            var (result, attempts) = await http.SendAsync(() => Build(url, json), resource.Name, page, display, cancellationToken);
            if (Ignored(result))
            {
                RestApiLog.Ignored(logger, resource.Name, page, display, result.StatusCode);
                yield break;
            }
            if (!result.Succeeded)
            {
                throw new SourceException($"REST resource '{resource.Name}': {result.Error} on page {page} of {display}"
                    + (attempts > 1 ? $" after {attempts} attempts." : "."));
            }
            var answer = new RestAnswer(Parse(result.Body, page, display), result.Headers, url);
            var items = RecordFinder.Items(answer.Body, _endpoint.DataSelector);
            try
            {
                paginator ??= Paginator.Detect(answer);
                paginator.Update(answer, items.Count);
                paginator.Next(request);
            }
            catch (InvalidDataException e)
            {
                throw new SourceException($"REST resource '{resource.Name}': page {page} of {display}: {e.Message}.");
            }
            RestApiLog.PageRead(logger, resource.Name, page, display, items.Count);
            yield return new RestPage(page, display, items, result.Body.Length);
            if (!paginator.HasNextPage)
            {
                yield break;
            }
        }
    }

    private Dictionary<string, string> Placeholders(JsonElement? parent)
    {
        var values = new Dictionary<string, string>
        {
            ["incremental.start_value"] = cursor?.StartValue is { } start ? RestValues.Text(start) : "None",
            ["incremental.end_value"] = cursor?.EndValue is { } end ? RestValues.Text(end) : "None",
        };
        foreach (var param in resource.ResolvedParams)
        {
            var value = parent is { } item ? param.Field.First(item) : null;
            values[param.Placeholder] = value is { } v ? RestValues.Text(v) : throw new SourceException(
                $"REST resource '{resource.Name}': an item of parent '{param.Resource}' has no field '{param.Field}' for {{{param.Placeholder}}}.");
        }
        return values;
    }

    private static void SetParam(RestRequest request, string? name, JsonElement? value)
    {
        if (name is not null && value is { ValueKind: not JsonValueKind.Null } v)
        {
            request.Set(name, RestValues.Text(v));
        }
    }

    // dlt's join_url: an absolute path is used as is, otherwise it is appended to base_url.
    private Uri Url(string path) => path.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        ? new Uri(path)
        : new Uri(new Uri(client.BaseUrl.AbsoluteUri.TrimEnd('/') + "/"), path.TrimStart('/'));

    private HttpRequestMessage Build(Uri url, string? json)
    {
        var request = new HttpRequestMessage(_endpoint.Method, url);
        foreach (var (name, value) in client.Headers.Concat(_endpoint.Headers))
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (_auth?.Header is { } header)
        {
            request.Headers.Remove(header.Name);
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }
        request.Content = json is not null ? new StringContent(json, Encoding.UTF8, "application/json")
            : _endpoint.Data is System.Text.Json.Nodes.JsonObject form
                ? new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? "" : RestValues.Text(
                    JsonSerializer.SerializeToElement(p.Value)))))
            : _endpoint.Data is { } raw ? new StringContent(raw.GetValue<string>(), Encoding.UTF8) : null;
        return request;
    }

    private bool Ignored(OutboundResult result) => _endpoint.ResponseActions.Any(a =>
        (a.StatusCode is null || a.StatusCode == result.StatusCode)
        && (a.Content is null || (result.Succeeded && Encoding.UTF8.GetString(result.Body.Span).Contains(a.Content, StringComparison.Ordinal))));

    private JsonElement Parse(ReadOnlyMemory<byte> body, int page, string display)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            // The position only: the parser's message quotes the body.
            throw new SourceException($"REST resource '{resource.Name}': page {page} of {display} is not valid JSON "
                + $"(line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }
}
