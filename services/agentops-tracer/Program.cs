using MlOps.AgentOpsTracer.Apis;
using MlOps.AgentOpsTracer.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApiDefaults();
app.MapDefaultEndpoints();
app.MapSessionsApi();
app.MapTracesApi();
app.MapTraceReadApi();
app.MapTraceSearchApi();
app.MapReplayApi();
app.MapUsageApi();
app.MapAnomalyRulesApi();
app.MapContentPolicyApi();
app.Run();
