using MlOps.Gateway.Apis;
using MlOps.Gateway.Extensions;
using MlOps.Gateway.Llm;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseGatewayPipeline();
app.MapDefaultEndpoints();
app.MapApiKeysApi();
app.MapLlmKeysApi();
app.MapLlmUsageApi();
app.MapReverseProxy(proxy => proxy.UseMiddleware<LlmPolicyMiddleware>());
app.Run();
