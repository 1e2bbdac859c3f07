using MlOps.Ingest.Apis;
using MlOps.Ingest.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapDatasetsApi();
app.MapPipelinesApi();
app.MapRunsApi();
app.MapUploadsApi();
app.Run();
