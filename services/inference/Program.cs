using MlOps.Inference.Apis;
using MlOps.Inference.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApiDefaults();
app.UseRequestMetering();
app.MapDefaultEndpoints();
app.MapOipApi();
app.MapPredictApi();
app.MapDeploymentsApi();
app.MapRolloutsApi();
app.MapFeedbackApi();
app.MapJobsApi();
app.Run();
