using MlOps.Gateway.Apis;
using MlOps.Gateway.Extensions;
using MlOps.Gateway.Identity;
using MlOps.Gateway.Llm;
using MlOps.Gateway.Proxy;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseGatewayPipeline();
app.MapDefaultEndpoints();
app.MapIdentityApi();
app.MapApiKeysApi();
app.MapLlmKeysApi();
app.MapLlmUsageApi();
app.MapReverseProxy(proxy =>
{
    proxy.UseMiddleware<RouteScopeMiddleware>();
    proxy.UseMiddleware<ServiceBodyLimitMiddleware>();
    proxy.UseMiddleware<LlmPolicyMiddleware>();
});
app.Run();
