using System.Text.Json;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Apis;

/// <summary>OIP v2 bodies written straight to the response pipe: the infer response and the {"error": ...} body.</summary>
public static class OipResponses
{
    public static async Task WriteInferAsync(HttpContext context, Prediction prediction, string? clientId, IReadOnlyList<string>? wanted)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        response.Headers["X-MlOps-Request-Id"] = prediction.RequestId.ToString();
        response.Headers["X-MlOps-Model-Version"] = prediction.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var json = new Utf8JsonWriter(response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("model_name"u8, prediction.Model);
            json.WriteString("model_version"u8, prediction.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("id"u8, clientId ?? prediction.RequestId.ToString());
            json.WriteStartArray("outputs"u8);
            foreach (var output in prediction.Outputs)
            {
                if (wanted is not null && !wanted.Contains(output.Name))
                {
                    continue;
                }
                json.WriteStartObject();
                json.WriteString("name"u8, output.Name);
                json.WriteString("datatype"u8, output.Datatype.Name());
                json.WriteStartArray("shape"u8);
                foreach (var dimension in output.Shape)
                {
                    json.WriteNumberValue(dimension);
                }
                json.WriteEndArray();
                json.WriteStartArray("data"u8);
                TensorJson.WriteAll(json, output.Data);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(new OipError(message), context.RequestAborted);
    }

    public static IResult Error(int statusCode, string message) => TypedResults.Json(new OipError(message), statusCode: statusCode);
}
