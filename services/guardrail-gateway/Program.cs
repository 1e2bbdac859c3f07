using MlOps.GuardrailGateway.Apis;
using MlOps.GuardrailGateway.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapPoliciesApi();
app.MapGuardApi();
app.MapChatCompletionsApi();
app.MapEmbeddingsApi();
app.Run();
