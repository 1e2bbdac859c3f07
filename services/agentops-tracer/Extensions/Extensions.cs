namespace MlOps.AgentOpsTracer.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.Services.AddValidation();
        builder.AddServiceDatabase("tracerdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
