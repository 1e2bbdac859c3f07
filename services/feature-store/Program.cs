using MlOps.FeatureStore.Apis;
using MlOps.FeatureStore.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapDefinitionsApi();
app.MapTrainingSetsApi();
app.MapMaterializationsApi();
app.MapOnlineFeaturesApi();
app.Run();
