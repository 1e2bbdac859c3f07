using MlOps.Drift.Apis;
using MlOps.Drift.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapCompareApi();
app.MapDriftReportsApi();
app.MapSkewApi();
app.Run();
