namespace MlOps.Ingest.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.Services.AddValidation();
        builder.AddServiceDatabase("ingestdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
