using MlOps.Trainer.Apis;
using MlOps.Trainer.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapTrainingRunsApi();
app.Run();
