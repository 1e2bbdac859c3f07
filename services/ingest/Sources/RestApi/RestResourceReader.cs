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

    // The configured template, never the filled path: a path param may be a secret.
    private readonly string _display = Display(resource.Endpoint.PathTemplate);

    public async IAsyncEnumerable<RestPage> ReadAsync(JsonElement? parent, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var values = Placeholders(parent);
        string Value(string name) => values[name];
        var path = RestPlaceholders.Expand(_endpoint.Path, name => Segment(name, values[name]));
        var request = new RestRequest(Url(path));
        var origin = request.Url;
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
            if (page > options.MaxPages)
            {
                throw new SourceException($"REST resource '{resource.Name}': pagination did not end after {options.MaxPages} pages "
                    + $"(page {page} of {_display} would be next); raise {RestApiOptions.SectionName}:MaxPages or fix the paginator.");
            }
            var (result, attempts) = await http.SendAsync(() => Build(url, json), resource.Name, page, _display, cancellationToken);
            if (Ignored(result))
            {
                RestApiLog.Ignored(logger, resource.Name, page, _display, result.StatusCode);
                yield break;
            }
            if (!result.Succeeded)
            {
                throw new SourceException($"REST resource '{resource.Name}': {result.Error} on page {page} of {_display}"
                    + (attempts > 1 ? $" after {attempts} attempts." : "."));
            }
            var answer = new RestAnswer(Parse(result.Body, page), result.Headers, url);
            var items = RecordFinder.Items(answer.Body, _endpoint.DataSelector);
            try
            {
                paginator ??= Paginator.Detect(answer);
                paginator.Update(answer, items.Count);
                paginator.Next(request);
            }
            catch (InvalidDataException e)
            {
                throw new SourceException($"REST resource '{resource.Name}': page {page} of {_display}: {e.Message}.");
            }
            if (!SameOrigin(request.Url, origin))
            {
                // The auth header, api_key param and client headers go with every request: never to another origin.
                throw new SourceException($"REST resource '{resource.Name}': page {page} of {_display} links the next page to "
                    + $"{Origin(request.Url)}, not {Origin(origin)}; refused, so no credentials leave for another origin.");
            }
            RestApiLog.PageRead(logger, resource.Name, page, _display, items.Count);
            yield return new RestPage(page, _display, items, result.Body.Length);
            if (!paginator.HasNextPage)
            {
                yield break;
            }
        }
    }

    /// <summary>A placeholder's value as exactly one path segment, so a parent item cannot steer the path.</summary>
    private string Segment(string name, string value)
    {
        // Uri resolves `.` and `..` segments even when percent-encoded.
        return value is "." or ".." ? throw new SourceException(
            $"REST resource '{resource.Name}': the value '{value}' of {{{name}}} cannot be a path segment of {_display}.")
            : Uri.EscapeDataString(value);
    }

    private static string Display(string template) => template.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || template.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? template : "/" + template.TrimStart('/');

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    // Scheme, host and port only: the refused link's path and query may carry tokens.
    private static string Origin(Uri url) => $"{url.Scheme}://{url.Host}:{url.Port}";

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

    private JsonElement Parse(ReadOnlyMemory<byte> body, int page)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            // The position only: the parser's message quotes the body.
            throw new SourceException($"REST resource '{resource.Name}': page {page} of {_display} is not valid JSON "
                + $"(line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }
}
