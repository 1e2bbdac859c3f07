using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.Gateway.Llm.Streaming;

namespace MlOps.Gateway.Llm.Endpoints;

public static class LlmPolicyExtensions
{
    /// <summary>Virtual keys, quotas leased from the shared ledger, tokenizers, the response cache, answer guard and usage recording.</summary>
    public static void AddLlmPolicy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LlmKeyPolicyStore>();
        builder.Services.AddSingleton<ILlmKeyPolicies>(sp => sp.GetRequiredService<LlmKeyPolicyStore>());
        builder.Services.AddHostedService<LlmPolicyChangeListener>();
        builder.Services.AddSingleton<QuotaLedger>();
        builder.Services.AddSingleton<QuotaBook>();
        builder.Services.AddSingleton<LlmQuotas>();
        builder.Services.AddSingleton<QuotaFlusher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QuotaFlusher>());
        builder.Services.AddSingleton<TokenCounter>();
        builder.Services.AddSingleton<ResponseCache>();
        builder.Services.AddSingleton<MiniLmModel>();
        builder.Services.AddSingleton<SemanticCache>();
        builder.Services.AddSingleton<AnswerGuard>();
        builder.Services.AddSingleton<LlmMetrics>();
        builder.Services.AddSingleton<UsageRecorder>();
        builder.Services.AddSingleton<ILlmUsageSink>(sp => sp.GetRequiredService<UsageRecorder>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UsageRecorder>());
        // The policy middleware's stages, in the order it runs them.
        builder.Services.AddSingleton<LlmKeyStage>();
        builder.Services.AddSingleton<LlmRequestStage>();
        builder.Services.AddSingleton<LlmUsageStage>();
        builder.Services.AddSingleton<LlmQuotaStage>();
        builder.Services.AddSingleton<LlmCacheStage>();
        builder.Services.AddSingleton<LlmForwardStage>();
        builder.Services.AddSingleton<LlmUpstreamStage>();
        builder.Services.AddSingleton<LlmAnswerStage>();
    }
}
