using System.Globalization;
using System.Text;

namespace MlOps.EndToEnd.Tests.Fuzz;

/// <summary>
/// The hostile bodies for one operation, the same on every run (seeded): wrong shapes, malformed and deeply nested JSON,
/// oversized and wrongly typed bodies, wrong values for every top-level property the schema names, random documents,
/// and garbage CSV, JSON Lines and multipart bodies (every operation gets those too: a wrong content type is hostile input).
/// </summary>
public sealed class FuzzCorpus(int seed, string csvHeader, byte[] onnxModel)
{
    /// <summary>Over the services' default 1 MiB limit.</summary>
    public const int OversizedBytes = 2 * 1024 * 1024;

    private const int Deep = 10_000;
    private const int LongString = 100_000;

    private static readonly string[] NumberWrongValues =
        ["\"not-a-number\"", "\"NaN\"", "\"-Infinity\"", "1e400", "123456789012345678901234567890", "-1", "0.5", "true", "[]", "{}", "null"];
    private static readonly string[] StringWrongValues = ["123", "true", "[]", "{}", "null", "1e400", "[\"a\"]"];
    private static readonly string[] BooleanWrongValues = ["\"yes\"", "1", "[]", "{}", "null"];
    private static readonly string[] ArrayWrongValues = ["\"x\"", "1", "{}", "null", "[null]", "[[[[]]]]", "[1e400]", "[\"x\",1,{},[],true]"];
    private static readonly string[] ObjectWrongValues = ["\"x\"", "1", "[]", "null", "{\"\":null}", "{\"a\":{\"b\":[{}]}}", "{\"$type\":\"System.IO.FileInfo\"}"];
    private static readonly string[] Hostile =
        ["\u0000", "\u0001\u0007\u001b[31m", "\u202e\u200b\ufeff", "\u2028\u2029", "' OR 1=1 --", "../../../../etc/passwd", "${jndi:ldap://x}", "{{7*7}}", "%00%ff"];

    private readonly Random _random = new(seed);

    public List<FuzzBody> For(DocumentedOperation operation)
    {
        var properties = operation.Properties;
        var bodies = new List<FuzzBody>();
        bodies.AddRange(Shapes());
        bodies.AddRange(Malformed(properties));
        bodies.AddRange(Nested(properties));
        bodies.AddRange(Oversized(properties));
        bodies.AddRange(WrongContentTypes(properties));
        bodies.AddRange(DuplicateKeys(properties));
        bodies.AddRange(Strings(properties));
        bodies.AddRange(WrongTypes(properties));
        bodies.AddRange(RandomDocuments(properties, count: 6));
        bodies.AddRange(Csv());
        bodies.AddRange(JsonLines(properties));
        bodies.AddRange(Multipart(properties));
        return bodies;
    }

    private static IEnumerable<FuzzBody> Shapes() =>
    [
        FuzzBody.None("no body, no content type"),
        FuzzBody.Json("empty body as application/json", ""),
        FuzzBody.Json("null", "null"),
        FuzzBody.Json("true", "true"),
        FuzzBody.Json("a number", "0"),
        FuzzBody.Json("a string", "\"text\""),
        FuzzBody.Json("an empty array", "[]"),
        FuzzBody.Json("an empty object", "{}"),
        FuzzBody.Json("whitespace only", " \r\n\t "),
    ];

    private IEnumerable<FuzzBody> Malformed(IReadOnlyList<SchemaProperty> properties)
    {
        var valid = Object(properties, replace: null, replacement: null);
        yield return FuzzBody.Json("truncated JSON", valid[..(valid.Length / 2)]);
        yield return FuzzBody.Json("an open brace", "{");
        yield return FuzzBody.Json("a member without a value", "{\"a\":");
        yield return FuzzBody.Json("a trailing comma", "{\"a\":1,}");
        yield return FuzzBody.Json("single quotes", "{'a':1}");
        yield return FuzzBody.Json("unquoted names", "{a:1}");
        yield return FuzzBody.Json("a comment", "/* c */" + valid);
        yield return FuzzBody.Json("two documents", valid + valid);
        yield return FuzzBody.Json("garbage after the document", valid + " garbage");
        yield return FuzzBody.Json("an escaped NUL name", "{\"\\u0000\":1}");
        yield return FuzzBody.Json("a lone surrogate escape", "{\"a\":\"\\ud800\"}");
        yield return FuzzBody.Json("a bad escape", "{\"a\":\"\\x41\"}");
        yield return FuzzBody.Bytes("invalid UTF-8 bytes", [.. "{\"a\":\""u8, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, .. "\"}"u8], "application/json");
        yield return FuzzBody.Bytes("a raw NUL byte", [.. "{\"a\":"u8, 0x00, .. "1}"u8], "application/json");
        yield return FuzzBody.Bytes("a UTF-8 byte order mark", [0xef, 0xbb, 0xbf, .. Encoding.UTF8.GetBytes(valid)], "application/json");
        yield return FuzzBody.Bytes("UTF-16 declared as UTF-8", Encoding.Unicode.GetBytes(valid), "application/json");
        yield return FuzzBody.Bytes("UTF-8 declared as UTF-16", Encoding.UTF8.GetBytes(valid), "application/json; charset=utf-16");
        yield return FuzzBody.Bytes("an unknown charset", Encoding.UTF8.GetBytes(valid), "application/json; charset=x-bogus");
        yield return FuzzBody.Bytes("random bytes as JSON", RandomBytes(4096), "application/json");
    }

    private IEnumerable<FuzzBody> Nested(IReadOnlyList<SchemaProperty> properties)
    {
        var first = properties.Count > 0 ? properties[0].Name : "a";
        yield return FuzzBody.Json($"arrays nested {Deep} deep", new string('[', Deep) + new string(']', Deep));
        yield return FuzzBody.Json($"objects nested {Deep} deep", Repeat("{\"a\":", Deep) + "1" + new string('}', Deep));
        yield return FuzzBody.Json($"'{first}' arrays nested {Deep} deep", $"{{\"{first}\":" + new string('[', Deep) + new string(']', Deep) + "}");
        yield return FuzzBody.Json($"'{first}' objects nested 200 deep", $"{{\"{first}\":" + Repeat("{\"a\":", 200) + "1" + new string('}', 201));
        yield return FuzzBody.Json($"unclosed arrays {Deep} deep", new string('[', Deep));
        foreach (var property in properties.Where(p => p.Type is "array" or "object").Take(4))
        {
            yield return FuzzBody.Json($"'{property.Name}' nested 65 deep",
                Object(properties, property.Name, new string('[', 65) + "1" + new string(']', 65)));
        }
    }

    private IEnumerable<FuzzBody> Oversized(IReadOnlyList<SchemaProperty> properties)
    {
        var first = properties.FirstOrDefault(p => p.Type == "string")?.Name ?? "a";
        var big = Encoding.UTF8.GetBytes(Object(properties, first, "\"" + new string('a', OversizedBytes) + "\""));
        yield return FuzzBody.Bytes("2 MiB JSON with Content-Length", big, "application/json");
        yield return FuzzBody.Bytes("2 MiB JSON chunked", big, "application/json", chunked: true);
        yield return FuzzBody.Json("an object of 20,000 members", "{" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"\"m{i}\":{i}")) + "}");
        yield return FuzzBody.Json("an array of 200,000 numbers", "[" + string.Join(',', Enumerable.Repeat("0", 200_000)) + "]");
        yield return FuzzBody.Json("a 100,000-character member name", "{\"" + new string('k', LongString) + "\":1}");
    }

    private IEnumerable<FuzzBody> WrongContentTypes(IReadOnlyList<SchemaProperty> properties)
    {
        var valid = Encoding.UTF8.GetBytes(Object(properties, replace: null, replacement: null));
        yield return FuzzBody.Bytes("JSON as text/plain", valid, "text/plain");
        yield return FuzzBody.Bytes("JSON without a content type", valid, contentType: null);
        yield return FuzzBody.Bytes("a form", "a=1&b=%ZZ&&=&c"u8.ToArray(), "application/x-www-form-urlencoded");
        yield return FuzzBody.Bytes("XML", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"u8.ToArray(), "application/xml");
        yield return FuzzBody.Bytes("random octets", RandomBytes(2048), "application/octet-stream");
        yield return FuzzBody.Bytes("a malformed content type", valid, "application/json;;;=\"");
        yield return FuzzBody.Bytes("multipart without a boundary", valid, "multipart/form-data");
        yield return FuzzBody.Bytes("multipart garbage", RandomBytes(2048), "multipart/form-data; boundary=fuzz");
    }

    private IEnumerable<FuzzBody> DuplicateKeys(IReadOnlyList<SchemaProperty> properties)
    {
        if (properties.Count == 0)
        {
            yield return FuzzBody.Json("duplicate keys", "{\"a\":1,\"a\":\"x\",\"a\":[]}");
            yield break;
        }
        var members = properties.Select(p => $"\"{p.Name}\":{Valid(p)}").ToList();
        var wrong = properties.Select(p => $"\"{p.Name}\":{WrongValuesFor(p)[0]}").ToList();
        yield return FuzzBody.Json("every key twice, the wrong type last", "{" + string.Join(',', members.Concat(wrong)) + "}");
        yield return FuzzBody.Json("every key twice, the wrong type first", "{" + string.Join(',', wrong.Concat(members)) + "}");
        yield return FuzzBody.Json("names differing in case only", "{" + string.Join(',', members.Concat(properties.Select(p => $"\"{p.Name.ToUpperInvariant()}\":null"))) + "}");
    }

    private IEnumerable<FuzzBody> Strings(IReadOnlyList<SchemaProperty> properties)
    {
        foreach (var property in properties.Where(p => p.Type == "string"))
        {
            yield return FuzzBody.Json($"'{property.Name}' {LongString} characters long",
                Object(properties, property.Name, "\"" + new string('x', LongString) + "\""));
            yield return FuzzBody.Json($"'{property.Name}' with control and format characters",
                Object(properties, property.Name, System.Text.Json.JsonSerializer.Serialize(string.Concat(Hostile))));
            yield return FuzzBody.Json($"'{property.Name}' empty", Object(properties, property.Name, "\"\""));
        }
        foreach (var property in properties.Where(p => p.Type == "array"))
        {
            yield return FuzzBody.Json($"'{property.Name}' holding control characters",
                Object(properties, property.Name, System.Text.Json.JsonSerializer.Serialize(Hostile)));
        }
    }

    private IEnumerable<FuzzBody> WrongTypes(IReadOnlyList<SchemaProperty> properties)
    {
        foreach (var property in properties)
        {
            foreach (var value in WrongValuesFor(property))
            {
                yield return FuzzBody.Json($"'{property.Name}' ({property.Type}) = {value}", Object(properties, property.Name, value));
            }
        }
    }

    private IEnumerable<FuzzBody> RandomDocuments(IReadOnlyList<SchemaProperty> properties, int count)
    {
        var names = properties.Select(p => p.Name).Concat(["", "a", "__proto__", "constructor", "$type", "id"]).ToArray();
        for (var i = 0; i < count; i++)
        {
            var document = new StringBuilder("{");
            var members = _random.Next(1, 8);
            for (var m = 0; m < members; m++)
            {
                document.Append(m == 0 ? "" : ",").Append(System.Text.Json.JsonSerializer.Serialize(names[_random.Next(names.Length)])).Append(':');
                RandomValue(document, depth: 0);
            }
            yield return FuzzBody.Json($"random document #{i} (seed {seed})", document.Append('}').ToString());
        }
    }

    private IEnumerable<FuzzBody> Csv()
    {
        var columns = csvHeader.Split(',').Length;
        var row = string.Join(',', Enumerable.Range(0, columns).Select(i => (i + 1).ToString(CultureInfo.InvariantCulture)));
        FuzzBody Csv(string description, string text) => FuzzBody.Bytes("CSV: " + description, Encoding.UTF8.GetBytes(text), "text/csv");
        yield return Csv("empty", "");
        yield return Csv("header only", csvHeader + "\n");
        yield return Csv("a row with too few cells", csvHeader + "\n1,2\n");
        yield return Csv("a row with too many cells", csvHeader + "\n" + row + ",9,9,9\n");
        yield return Csv("text and NaN in number cells", csvHeader + "\n" + string.Join(',', Enumerable.Repeat("NaN", columns)) + "\n"
            + string.Join(',', Enumerable.Repeat("abc", columns)) + "\n" + string.Join(',', Enumerable.Repeat("1e400", columns)) + "\n");
        yield return Csv("empty cells", csvHeader + "\n" + new string(',', columns - 1) + "\n");
        yield return Csv("an unbalanced quote", csvHeader + "\n\"" + row + "\n");
        yield return Csv("a header of one column", "x\n1\n");
        yield return Csv("a header with duplicate columns", csvHeader + "," + csvHeader + "\n" + row + "," + row + "\n");
        yield return Csv("a header of control characters", "\u0000,\u0001\n1,2\n");
        yield return Csv("100,000 commas", csvHeader + "\n" + new string(',', 100_000) + "\n");
        yield return FuzzBody.Bytes("CSV: random bytes", RandomBytes(4096), "text/csv");
        yield return FuzzBody.Bytes("CSV: invalid UTF-8 in a cell", [.. Encoding.UTF8.GetBytes(csvHeader + "\n"), 0xff, 0xfe, (byte)',', 0xc3, (byte)'\n'], "text/csv");
    }

    private IEnumerable<FuzzBody> JsonLines(IReadOnlyList<SchemaProperty> properties)
    {
        var valid = Object(properties, replace: null, replacement: null);
        var features = "{" + string.Join(',', csvHeader.Split(',').Select(c => $"\"{c}\":1")) + "}";
        foreach (var mediaType in new[] { "application/x-ndjson", "application/jsonl" })
        {
            FuzzBody Lines(string description, string text) => FuzzBody.Bytes($"{mediaType}: {description}", Encoding.UTF8.GetBytes(text), mediaType);
            yield return Lines("empty", "");
            yield return Lines("blank lines", "\n\n\n");
            yield return Lines("a line that is not JSON", features + "\nnot json\n");
            yield return Lines("null, an array and a number as lines", "null\n[]\n1\n");
            yield return Lines("wrong types in a line", features.Replace(":1", ":\"x\"", StringComparison.Ordinal) + "\n" + features.Replace(":1", ":{}", StringComparison.Ordinal) + "\n");
            yield return Lines("a truncated last line", features + "\n" + valid + "\n" + features[..(features.Length / 2)]);
            yield return Lines($"a line nested {Deep} deep", new string('[', Deep) + new string(']', Deep) + "\n");
            yield return FuzzBody.Bytes($"{mediaType}: invalid UTF-8 in a line", [.. "{\"a\":\""u8, 0xff, 0xfe, .. "\"}\n"u8], mediaType);
        }
    }

    private IEnumerable<FuzzBody> Multipart(IReadOnlyList<SchemaProperty> properties)
    {
        var names = properties.Select(p => p.Name).Concat(["artifact", "metadata", "file"]).Distinct().ToList();
        const string Boundary = "fuzz-boundary";
        const string Type = "multipart/form-data; boundary=" + Boundary;
        byte[] Part(string name, byte[] content, string? fileName = null, string? contentType = null) =>
        [
            .. Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{(fileName is null ? "" : $"; filename=\"{fileName}\"")}\r\n"
                + (contentType is null ? "" : $"Content-Type: {contentType}\r\n") + "\r\n"),
            .. content,
            .. "\r\n"u8,
        ];
        byte[] End() => Encoding.UTF8.GetBytes($"--{Boundary}--\r\n");
        FuzzBody Form(string description, byte[] body, string type = Type) => FuzzBody.Bytes("multipart: " + description, body, type);

        yield return Form("no parts", End());
        yield return Form("every part random bytes", [.. names.SelectMany(n => Part(n, RandomBytes(1024), n + ".bin")), .. End()]);
        yield return Form("no closing boundary", [.. names.SelectMany(n => Part(n, RandomBytes(256)))]);
        yield return Form("a part cut off mid-header", Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-da"));
        yield return Form("a part without headers", Encoding.UTF8.GetBytes($"--{Boundary}\r\n\r\nxyz\r\n--{Boundary}--\r\n"));
        yield return Form("a 20,000-character part header", Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{new string('n', 20_000)}\"\r\n\r\nx\r\n--{Boundary}--\r\n"));
        yield return Form("a boundary the body never uses", [.. Part("artifact", onnxModel, "model.onnx"), .. End()], "multipart/form-data; boundary=other");
        yield return Form("a 71-character boundary", [.. Part("artifact", onnxModel, "model.onnx"), .. End()], "multipart/form-data; boundary=" + new string('b', 71));
        yield return Form("a truncated ONNX artifact", [.. Part("artifact", onnxModel[..(onnxModel.Length / 2)], "model.onnx"), .. End()]);
        yield return Form("the artifact twice", [.. Part("artifact", onnxModel, "a.onnx"), .. Part("artifact", RandomBytes(512), "b.onnx"), .. End()]);
        yield return Form("a path in the file name", [.. Part("artifact", RandomBytes(512), "../../../../etc/passwd"), .. End()]);
        yield return Form("2 MiB of random bytes as the artifact", [.. Part("artifact", RandomBytes(OversizedBytes), "model.onnx"), .. End()]);
        foreach (var (description, metadata) in new[]
        {
            ("metadata not JSON", "{not json"),
            ("metadata null", "null"),
            ("metadata an array", "[1,2]"),
            ($"metadata nested {Deep} deep", Repeat("{\"a\":", Deep) + "1" + new string('}', Deep)),
            ("metadata with wrong types", "{\"metrics\":{\"auc\":\"NaN\"},\"tags\":[1],\"params\":{\"a\":{}},\"lineage\":\"x\",\"description\":5}"),
            ("metadata with huge numbers", "{\"metrics\":{\"auc\":1e400,\"f1\":-1e400}}"),
            ("metadata with control characters", System.Text.Json.JsonSerializer.Serialize(new { description = string.Concat(Hostile), tags = new Dictionary<string, string> { [string.Concat(Hostile)] = "\u0000" } })),
        })
        {
            yield return Form(description, [.. Part("metadata", Encoding.UTF8.GetBytes(metadata), contentType: "application/json"), .. Part("artifact", onnxModel, "model.onnx"), .. End()]);
        }
        yield return Form("invalid UTF-8 metadata", [.. Part("metadata", [0xff, 0xfe, 0x7b], contentType: "application/json"), .. Part("artifact", onnxModel, "model.onnx"), .. End()]);
    }

    private void RandomValue(StringBuilder into, int depth)
    {
        switch (_random.Next(depth > 5 ? 5 : 8))
        {
            case 0: into.Append("null"); break;
            case 1: into.Append(_random.Next(2) == 0 ? "true" : "false"); break;
            case 2: into.Append(new[] { "0", "-0", "1e308", "-1e400", "5e-324", "9223372036854775808", "-2147483649", "0.1" }[_random.Next(8)]); break;
            case 3: into.Append(System.Text.Json.JsonSerializer.Serialize(Hostile[_random.Next(Hostile.Length)] + new string('z', _random.Next(3) == 0 ? 5000 : 3))); break;
            case 4: into.Append('"').Append(_random.Next()).Append('"'); break;
            case 5:
            case 6:
                into.Append('[');
                for (int i = 0, n = _random.Next(4); i < n; i++)
                {
                    into.Append(i == 0 ? "" : ",");
                    RandomValue(into, depth + 1);
                }
                into.Append(']');
                break;
            default:
                into.Append('{');
                for (int i = 0, n = _random.Next(4); i < n; i++)
                {
                    into.Append(i == 0 ? "" : ",").Append("\"k").Append(i).Append("\":");
                    RandomValue(into, depth + 1);
                }
                into.Append('}');
                break;
        }
    }

    /// <summary>An object with a valid value for every property, one of them replaced by raw JSON.</summary>
    private string Object(IReadOnlyList<SchemaProperty> properties, string? replace, string? replacement)
    {
        var members = properties.Select(p => $"\"{p.Name}\":{(p.Name == replace ? replacement : Valid(p))}").ToList();
        if (replace is not null && properties.All(p => p.Name != replace))
        {
            members.Add($"\"{replace}\":{replacement}");
        }
        return "{" + string.Join(',', members) + "}";
    }

    // Valid-looking values that name nothing real (never the demo model), so no body starts real work.
    private string Valid(SchemaProperty property) => property.Example ?? property.FirstEnumValue ?? property.Type switch
    {
        "integer" => "1",
        "number" => "0.5",
        "boolean" => "false",
        "array" => "[]",
        "object" => "{}",
        _ when property.Format is "date-time" => "\"2030-01-01T00:00:00Z\"",
        _ when property.Format is "uuid" => $"\"{new Guid(RandomBytes(16))}\"",
        _ => $"\"fuzz-{_random.Next():x8}\"",
    };

    private static string[] WrongValuesFor(SchemaProperty property) => property.Type switch
    {
        "integer" or "number" => NumberWrongValues,
        "boolean" => BooleanWrongValues,
        "array" => ArrayWrongValues,
        "object" => ObjectWrongValues,
        _ => StringWrongValues,
    };

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
