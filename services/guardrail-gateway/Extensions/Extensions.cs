using MlOps.GuardrailGateway.Guarding;
using MlOps.GuardrailGateway.Llm;
using MlOps.GuardrailGateway.Policies;

namespace MlOps.GuardrailGateway.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("guard");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("guardraildb", typeof(Extensions).Assembly);
        builder.AddMessaging();
        // Every LLM call's GenAI span also goes to agentops-tracer, in the caller's tenant and session.
        builder.AddPlatformTraceExport();

        builder.Services.AddSingleton<PolicyStore>();
        builder.Services.AddSingleton<GuardScanners>();
        builder.Services.AddSingleton<GuardService>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<ViolationPublisher>();
        builder.Services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ProviderChat>();
        builder.Services.AddSingleton<LlmRequestGuard>();
    }
}
