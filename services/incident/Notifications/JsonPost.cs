using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.Incident.Notifications;

/// <summary>A POST of a JSON body, as every sender makes one.</summary>
public static class JsonPost
{
    public static HttpRequestMessage To(Uri url, JsonNode body) => To(url, body.ToJsonString());

    public static HttpRequestMessage To(Uri url, string body) => new(HttpMethod.Post, url)
    {
        Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };
}
