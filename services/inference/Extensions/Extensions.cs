namespace MlOps.Inference.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.Services.AddValidation();
        builder.AddServiceDatabase("inferencedb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
