namespace MlOps.Registry.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.Services.AddValidation();
        builder.AddServiceDatabase("registrydb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
