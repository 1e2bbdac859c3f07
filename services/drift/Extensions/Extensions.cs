namespace MlOps.Drift.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.Services.AddValidation();
        builder.AddServiceDatabase("driftdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
