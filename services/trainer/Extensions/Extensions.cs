namespace MlOps.Trainer.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.Services.AddValidation();
        builder.AddServiceDatabase("trainerdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
