using MlOps.Registry.Apis;
using MlOps.Registry.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapModelsApi();
app.MapVersionsApi();
app.MapAliasesApi();
app.MapPromotionApi();
app.MapLoadTestsApi();
app.MapWebhooksApi();
app.MapAuditApi();
app.Run();
