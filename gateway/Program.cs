using MlOps.Gateway.Apis;
using MlOps.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseGatewayPipeline();
app.MapDefaultEndpoints();
app.MapApiKeysApi();
app.MapReverseProxy();
app.Run();
