using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOps.AgentOpsTracer.Intake;

namespace MlOps.AgentOpsTracer.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("traces");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("tracerdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WriteGate>();
        builder.Services.AddSingleton<SpanMapper>();
        builder.Services.AddSingleton<SpanWriter>();
    }
}
