using MlOps.Gateway.Apis;
using MlOps.Gateway.Extensions;
using MlOps.Gateway.Identity;
using MlOps.Gateway.Llm.Endpoints;
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
    // A custom pipeline adds none of YARP's defaults: retry wraps the choice of replica and the passive health record.
    // Outside the retry: a failure logged is the one the client got, not an attempt another replica answered.
    proxy.UseMiddleware<ForwarderErrorLogMiddleware>();
    proxy.UseMiddleware<IdempotentRetryMiddleware>();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});
app.Run();
