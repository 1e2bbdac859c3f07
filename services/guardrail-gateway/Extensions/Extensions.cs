namespace MlOps.GuardrailGateway.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.Services.AddValidation();
        builder.AddServiceDatabase("guardraildb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
