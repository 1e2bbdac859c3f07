using System.Text;
using BenchmarkDotNet.Attributes;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;

namespace MlOps.Gateway.Benchmarks;

/// <summary>
/// The LLM route's work on a request before it is forwarded, piece by piece, for the load test's request: parsing the
/// body (judged by the shared OpenAI rules), the token estimate (LlmCall) and the exact-cache key. (The rules input guard
/// left the edge: guardrail-gateway applies the key's guard with the tenant's policy.)
/// </summary>
[MemoryDiagnoser]
public class RequestStartBenchmarks
{
    private readonly TokenCounter _tokens = new();
    private readonly LlmOptions _options = new();
    private readonly LlmKeyPolicy _policy = new();
    private byte[] _body = [];
    private LlmRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes("""{"model":"dev-chat","temperature":0,"max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Summarize ticket 7-1234: the customer cannot log in after a password reset."}]}""");
        _request = LlmRequest.Parse(_body, "/v1/chat/completions").Request!;
        _tokens.Count("dev-chat", "warm");
    }

    [Benchmark]
    public LlmRequest Parse() => LlmRequest.Parse(_body, "/v1/chat/completions").Request!;

    [Benchmark]
    public long TokenEstimate() => new LlmCall(_policy, _request, "t", 0, _tokens, _options).ReservedTokens;

    [Benchmark]
    public ResponseCache.Key CacheKey() => ResponseCache.KeyOf("t", OutputGuards.Redact, _request.Body);

    [Benchmark]
    public byte[] ForwardedBody() => _request.ToUtf8();

    // The whole start of a streamed request, from body to forwarded body (the call asks the provider for the usage).
    [Benchmark]
    public byte[] ParsedToForwarded() => new LlmCall(_policy, LlmRequest.Parse(_body, "/v1/chat/completions").Request!, "t", 0, _tokens, _options).TakeBody();
}
