namespace MlOps.Ingest.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("ingest");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("ingestdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
