namespace MlOps.AgentOpsTracer.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("traces");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("tracerdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
