using MlOps.Incident.Apis;
using MlOps.Incident.Extensions;
using MlOps.Incident.Postmortems;

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
app.MapDeliveriesApi();
app.MapPostmortemsApi();
app.MapSlosApi();
app.Run();
