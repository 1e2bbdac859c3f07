using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// Reads OTLP/JSON, which is not protobuf's canonical JSON: trace and span ids are hex, enums are integers, 64-bit
/// integers may be strings or numbers, keys are lowerCamelCase and unknown keys are ignored.
/// </summary>
internal static class OtlpJsonReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static ExportTraceServiceRequest Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, Options);
            var request = new ExportTraceServiceRequest();
            foreach (var item in Array(document.RootElement, "resourceSpans"))
            {
                request.ResourceSpans.Add(ReadResourceSpans(item));
            }
            return request;
        }
        catch (JsonException e)
        {
            throw new OtlpFormatException($"not JSON: {e.Message}");
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new OtlpFormatException(e.Message);
        }
    }

    private static ResourceSpans ReadResourceSpans(JsonElement element)
    {
        var result = new ResourceSpans { SchemaUrl = String(element, "schemaUrl") };
        if (Object(element, "resource") is { } resource)
        {
            result.Resource = new Resource();
            result.Resource.Attributes.Add(Attributes(resource));
        }
        foreach (var scopeSpans in Array(element, "scopeSpans"))
        {
            var scope = new ScopeSpans { SchemaUrl = String(scopeSpans, "schemaUrl") };
            if (Object(scopeSpans, "scope") is { } instrumentation)
            {
                scope.Scope = new InstrumentationScope { Name = String(instrumentation, "name"), Version = String(instrumentation, "version") };
            }
            foreach (var span in Array(scopeSpans, "spans"))
            {
                scope.Spans.Add(ReadSpan(span));
            }
            result.ScopeSpans.Add(scope);
        }
        return result;
    }

    private static Span ReadSpan(JsonElement element)
    {
        var span = new Span
        {
            TraceId = Hex(element, "traceId"),
            SpanId = Hex(element, "spanId"),
            ParentSpanId = Hex(element, "parentSpanId"),
            TraceState = String(element, "traceState"),
            Name = String(element, "name"),
            Kind = (Span.Types.SpanKind)Integer(element, "kind"),
            StartTimeUnixNano = Unsigned(element, "startTimeUnixNano"),
            EndTimeUnixNano = Unsigned(element, "endTimeUnixNano"),
        };
        span.Attributes.Add(Attributes(element));
        foreach (var item in Array(element, "events"))
        {
            var spanEvent = new Span.Types.Event { Name = String(item, "name"), TimeUnixNano = Unsigned(item, "timeUnixNano") };
            spanEvent.Attributes.Add(Attributes(item));
            span.Events.Add(spanEvent);
        }
        if (Object(element, "status") is { } status)
        {
            span.Status = new Status { Code = (Status.Types.StatusCode)Integer(status, "code"), Message = String(status, "message") };
        }
        return span;
    }

    private static IEnumerable<KeyValue> Attributes(JsonElement owner) => Attributes(owner, "attributes");

    private static AnyValue Value(JsonElement element)
    {
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "stringValue":
                    return new AnyValue { StringValue = Expect(value, JsonValueKind.String, "stringValue").GetString()! };
                case "boolValue":
                    return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? new AnyValue { BoolValue = value.GetBoolean() }
                        : throw new OtlpFormatException("boolValue must be true or false");
                case "intValue":
                    return new AnyValue { IntValue = Int64(value, "intValue") };
                case "doubleValue":
                    return new AnyValue { DoubleValue = Double(value) };
                case "bytesValue":
                    return new AnyValue { BytesValue = ByteString.FromBase64(Expect(value, JsonValueKind.String, "bytesValue").GetString()!) };
                case "arrayValue":
                    var array = new ArrayValue();
                    array.Values.Add(Array(value, "values").Select(Value).ToList());
                    return new AnyValue { ArrayValue = array };
                case "kvlistValue":
                    var list = new KeyValueList();
                    list.Values.Add(Attributes(value, "values"));
                    return new AnyValue { KvlistValue = list };
            }
        }
        // An empty AnyValue is allowed: the value is unset.
        return new AnyValue();
    }

    // Materialised so a malformed value fails inside Read, not later in a lazy enumeration.
    private static List<KeyValue> Attributes(JsonElement owner, string name) =>
        Array(owner, name).Select(a => new KeyValue { Key = String(a, "key"), Value = Object(a, "value") is { } v ? Value(v) : null })
            .ToList();

    private static JsonElement? Property(JsonElement element, string name)
    {
        Expect(element, JsonValueKind.Object, "every OTLP message");
        return element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    private static JsonElement? Object(JsonElement element, string name) =>
        Property(element, name) is { } value ? Expect(value, JsonValueKind.Object, name) : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        Property(element, name) is { } value ? Expect(value, JsonValueKind.Array, name).EnumerateArray() : [];

    private static string String(JsonElement element, string name) =>
        Property(element, name) is { } value ? Expect(value, JsonValueKind.String, name).GetString()! : "";

    private static ByteString Hex(JsonElement element, string name)
    {
        var text = String(element, name);
        try
        {
            return ByteString.CopyFrom(Convert.FromHexString(text));
        }
        catch (FormatException)
        {
            throw new OtlpFormatException($"{name} must be a hex string");
        }
    }

    private static int Integer(JsonElement element, string name) =>
        Property(element, name) is { } value ? checked((int)Int64(value, name)) : 0;

    private static ulong Unsigned(JsonElement element, string name)
    {
        if (Property(element, name) is not { } value)
        {
            return 0;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number))
        {
            return number;
        }
        if (value.ValueKind == JsonValueKind.String && ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }
        throw new OtlpFormatException($"{name} must be an unsigned 64-bit integer (number or string)");
    }

    private static long Int64(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }
        if (value.ValueKind == JsonValueKind.String
            && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }
        throw new OtlpFormatException($"{name} must be a 64-bit integer (number or string)");
    }

    // Protobuf's JSON writes NaN and the infinities as strings; numbers may be strings too.
    private static double Double(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        JsonValueKind.String when value.GetString() is "NaN" => double.NaN,
        JsonValueKind.String when value.GetString() is "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when value.GetString() is "-Infinity" => double.NegativeInfinity,
        _ => throw new OtlpFormatException("doubleValue must be a number"),
    };

    private static JsonElement Expect(JsonElement value, JsonValueKind kind, string name) =>
        value.ValueKind == kind ? value : throw new OtlpFormatException($"{name} must be {Describe(kind)}, not {value.ValueKind}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "a string",
    };
}
