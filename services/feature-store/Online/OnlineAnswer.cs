using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using MlOps.FeatureStore.Definitions;

namespace MlOps.FeatureStore.Online;

/// <summary>
/// A lookup's answer (the shape of <see cref="OnlineFeaturesResponse"/>), written straight to the response with Utf8JsonWriter:
/// the stored features' JSON is copied value by value, not parsed into nodes. A feature without a valid value is null, never zero.
/// </summary>
public sealed class OnlineAnswer(ResolvedService service, IReadOnlyList<JsonElement> entities, StoredFeatures?[] found, DateTime now)
    : IResult, IEndpointMetadataProvider
{
    // The names a service's answers use, made once per resolved service (which the lookup cache keeps for a while).
    private static readonly ConditionalWeakTable<ResolvedService, AnswerNames> Names = new();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter))
        {
            Write(writer, Names.GetValue(service, s => new AnswerNames(s)));
        }
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(OnlineFeaturesResponse), ["application/json"]));

    private void Write(Utf8JsonWriter writer, AnswerNames names)
    {
        var views = service.Views;
        writer.WriteStartObject();
        writer.WriteString("featureService", service.Name);
        writer.WriteNumber("featureServiceVersion", service.Version);
        writer.WriteStartArray("features");
        foreach (var column in names.Columns)
        {
            writer.WriteStringValue(column);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("results");
        for (var n = 0; n < entities.Count; n++)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("entity");
            entities[n].WriteTo(writer);
            var valid = 0;
            for (var v = 0; v < views.Count; v++)
            {
                valid += Usable(found[n * views.Count + v], views[v]) ? 1 : 0;
            }
            writer.WriteString("status", valid == views.Count ? "found" : valid == 0 ? "missing" : "partial");
            writer.WriteStartObject("values");
            for (var v = 0; v < views.Count; v++)
            {
                var stored = found[n * views.Count + v];
                WriteValues(writer, names.Views[v], Usable(stored, views[v]) ? stored!.Value.Json.Span : default);
            }
            writer.WriteEndObject();
            writer.WriteStartObject("freshness");
            for (var v = 0; v < views.Count; v++)
            {
                writer.WritePropertyName(names.Views[v].Name);
                if (found[n * views.Count + v] is { } stored)
                {
                    writer.WriteStartObject();
                    writer.WriteString("eventTime", stored.EventTime);
                    writer.WriteString("materializedAt", stored.MaterializedAt);
                    writer.WriteBoolean("expired", now - stored.EventTime > views[v].View.Ttl);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteNullValue();
                }
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("joinKeys");
        foreach (var key in names.JoinKeys)
        {
            writer.WriteStringValue(key);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private bool Usable(StoredFeatures? stored, ResolvedView view) => stored is { } s && now - s.EventTime <= view.View.Ttl;

    // Each served feature of the view, copied from the stored object by name; null when absent (or the view has no usable value).
    private static void WriteValues(Utf8JsonWriter writer, AnswerNames.View view, ReadOnlySpan<byte> json)
    {
        var count = view.Features.Length;
        Span<int> starts = count <= 64 ? stackalloc int[count] : new int[count];
        Span<int> lengths = count <= 64 ? stackalloc int[count] : new int[count];
        lengths.Clear();
        if (!json.IsEmpty)
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = -1;
                for (var f = 0; f < count && match < 0; f++)
                {
                    match = reader.ValueTextEquals(view.Features[f]) ? f : -1;
                }
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (match >= 0)
                {
                    starts[match] = start;
                    lengths[match] = (int)reader.BytesConsumed - start;
                }
            }
        }
        for (var f = 0; f < count; f++)
        {
            writer.WritePropertyName(view.Columns[f]);
            if (lengths[f] > 0)
            {
                writer.WriteRawValue(json.Slice(starts[f], lengths[f]), skipInputValidation: true);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
