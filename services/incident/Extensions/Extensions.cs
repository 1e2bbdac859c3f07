using MlOps.Incident.Consumers;
using MlOps.Incident.Services;

namespace MlOps.Incident.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("incident");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("incidentdb", typeof(Extensions).Assembly);
        builder.AddMessaging(bus => bus.AddConsumer<OpenIncidentOnDriftConsumer>());
        builder.Services.AddSingleton<IncidentStore>();
    }
}
