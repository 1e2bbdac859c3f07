namespace MlOps.Drift.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.Services.AddValidation();
        builder.Services.AddOptions<DriftOptions>().BindConfiguration(DriftOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceDatabase("driftdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
    }
}
