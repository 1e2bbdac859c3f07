namespace MlOps.Gateway.Llm.Models;

/// <summary>The response headers the LLM policy adds to an answer.</summary>
public static class LlmHeaders
{
    /// <summary>HIT, MISS or BYPASS: how the response cache served the request.</summary>
    public const string Cache = "x-mlops-cache";

    /// <summary>The similarity of a semantic cache hit (absent on an exact one).</summary>
    public const string Similarity = "x-mlops-cache-similarity";

    /// <summary>"default" when the model has no price of its own and the configured default was charged.</summary>
    public const string Price = "x-mlops-price";
}
