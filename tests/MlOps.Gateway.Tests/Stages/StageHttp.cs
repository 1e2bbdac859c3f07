using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Authentication;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Gateway.Tests.Stages;

/// <summary>What the stage tests share: a request as the stages see it (a DefaultHttpContext), and the stages' collaborators.</summary>
internal static class StageHttp
{
    public const string ChatPath = "/v1/chat/completions";

    public static readonly TokenCounter Tokens = new();

    public static DefaultHttpContext Context(string path = ChatPath, string? body = null, Guid? keyId = null, string tenant = "tenant-a", CancellationTokenSource? caller = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = path;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
        }
        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(GatewayClaims.KeyId, (keyId ?? Guid.NewGuid()).ToString()), new Claim(GatewayClaims.Tenant, tenant)], "test"));
        context.Response.Body = new MemoryStream();
        // The test's token unless the test plays a caller who leaves.
        context.RequestAborted = caller?.Token ?? TestContext.Current.CancellationToken;
        return context;
    }

    public static string ResponseText(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    /// <summary>The "error" object of an OpenAI error body.</summary>
    public static JsonElement Error(HttpContext context) => JsonDocument.Parse(ResponseText(context)).RootElement.GetProperty("error");

    public static string Chat(string model = "dev-chat", string content = "What is the capital of France?", string extra = "") =>
        $$"""{"model":"{{model}}","temperature":0,"max_tokens":32{{extra}},"messages":[{"role":"user","content":"{{content}}"}]}""";

    public static LlmCall Call(LlmKeyPolicy policy, string body, LlmOptions? options = null, string path = ChatPath, string tenant = "tenant-a") =>
        new(policy, LlmRequest.Parse(Encoding.UTF8.GetBytes(body), path).Request!, tenant, Stopwatch.GetTimestamp(), Tokens, options ?? new LlmOptions());

    public static LlmMetrics Metrics(LlmOptions? options = null) =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Options.Create(options ?? new LlmOptions()));

    /// <summary>Quotas on a ledger at the given database (by default one never reached: a policy without limits never asks it).</summary>
    public static LlmQuotas Quotas(string connectionString = "Host=127.0.0.1;Port=1;Username=none;Password=none;Timeout=2", LlmOptions? options = null) =>
        new(new QuotaBook(new QuotaLedger(NpgsqlDataSource.Create(connectionString), new OutboxWriter()), Options.Create(options ?? new LlmOptions()), TimeProvider.System),
            TimeProvider.System);
}
