using MlOps.Incident.Apis;
using MlOps.Incident.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapIncidentsApi();
app.MapAlertsApi();
app.MapRulesApi();
app.MapRunbooksApi();
app.MapChannelsApi();
app.Run();
