using Microsoft.Extensions.Configuration;
using MlOps.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// PostgreSQL and RabbitMQ: containers where a container runtime exists, the OS packages' servers otherwise.
var infrastructure = builder.AddPlatformInfrastructure();
var adminKey = builder.AddParameter("admin-key", infrastructure.Credentials.AdminKey, secret: true);

// The edge, declared first because every service verifies its tokens (JWKS) and gets its own identity from it; its routes
// to the services are added at the end. It is the only resource reachable from outside.
var gateway = builder.AddProject<Projects.MlOps_Gateway>("gateway").WithPlatform(infrastructure, "gatewaydb")
    .WithEndpoint("http", endpoint => endpoint.Port = builder.Configuration.GetValue("MlOps:GatewayPort", 8080))
    .WithExternalHttpEndpoints()
    .WithEnvironment("MLOPS_ADMIN_KEY", adminKey)
    .WithIdentityIssuer(infrastructure);

var ingest = builder.AddProject<Projects.MlOps_Ingest>("ingest").WithPlatform(infrastructure, "ingestdb")
    .WithPlatformIdentity(gateway, infrastructure, "ingest")
    .WithEnvironment("MlOps__Ingest__FilesRoot", Path.Combine(infrastructure.DataDir, "ingest", "files"))
    .WithEnvironment("MlOps__Ingest__UploadsRoot", Path.Combine(infrastructure.DataDir, "ingest", "uploads"))
    .WithEnvironment("MlOps__Ingest__LakeRoot", Path.Combine(infrastructure.DataDir, "ingest", "lake"))
    // REST and PostgreSQL sources reach public addresses only; development adds loopback (appsettings.Development.json).
    .WithOutboundAllowList(builder.Configuration);
// The warehouse: ingest owns it (a schema per tenant and dataset); the trainer reads it through a read-only role.
var (warehouse, warehouseReader) = infrastructure.AddWarehouse("ingest", "warehouse");
ingest.WithReference(warehouse);
var registry = builder.AddProject<Projects.MlOps_Registry>("registry").WithPlatform(infrastructure, "registrydb")
    .WithPlatformIdentity(gateway, infrastructure, "registry")
    .WithEnvironment("MlOps__Registry__ArtifactRoot", Path.Combine(infrastructure.DataDir, "artifacts"))
    // Webhooks reach public addresses only; development adds loopback (appsettings.Development.json).
    .WithOutboundAllowList(builder.Configuration);
// Feature views read the tenant's warehouse tables through the read-only role; the online store is its own database, or Redis
// when MlOps:FeatureStore:OnlineStore is "redis" (then started here like PostgreSQL and RabbitMQ).
var featureStore = builder.AddProject<Projects.MlOps_FeatureStore>("feature-store").WithPlatform(infrastructure, "featurestoredb")
    .WithPlatformIdentity(gateway, infrastructure, "feature-store")
    .WithReference(warehouseReader, "warehouse")
    .WithOnlineStore(infrastructure);
// Service-to-service references don't wait: callers retry (standard resilience), and services start in parallel.
var trainer = builder.AddProject<Projects.MlOps_Trainer>("trainer").WithPlatform(infrastructure, "trainerdb")
    .WithPlatformIdentity(gateway, infrastructure, "trainer")
    .WithReference(warehouseReader, "warehouse")
    .WithReference(registry)
    .WithReference(ingest)
    // Runs on feature store training sets read them there.
    .WithReference(featureStore);
var inference = builder.AddProject<Projects.MlOps_Inference>("inference").WithPlatform(infrastructure, "inferencedb")
    .WithPlatformIdentity(gateway, infrastructure, "inference")
    .WithReference(registry)
    // Entity-keyed predictions are filled from the model's feature service.
    .WithReference(featureStore)
    .WithEnvironment("MlOps__Inference__ModelCache", Path.Combine(infrastructure.DataDir, "model-cache"))
    .WithEnvironment("MlOps__Inference__Jobs__Root", Path.Combine(infrastructure.DataDir, "jobs"));
var drift = builder.AddProject<Projects.MlOps_Drift>("drift").WithPlatform(infrastructure, "driftdb")
    .WithPlatformIdentity(gateway, infrastructure, "drift")
    .WithReference(registry)
    // Training–serving skew compares served features with the training set a version learned from.
    .WithReference(featureStore);
// Answers LLM calls with labelled echoes when no real provider is configured; guardrail-gateway falls back to it last.
var devProvider = builder.AddProject<Projects.MlOps_DevLlmProvider>("dev-llm-provider").WithHttpHealthCheck("/health");
var guardrails = builder.AddProject<Projects.MlOps_GuardrailGateway>("guardrail-gateway").WithPlatform(infrastructure, "guardraildb")
    .WithPlatformIdentity(gateway, infrastructure, "guardrail-gateway")
    .WithEnvironment("MlOps__Guardrail__Providers__0__Name", "development")
    .WithEnvironment("MlOps__Guardrail__Providers__0__Endpoint", ReferenceExpression.Create($"{devProvider.GetEndpoint("http")}/v1/"));
var tracer = builder.AddProject<Projects.MlOps_AgentOpsTracer>("agentops-tracer").WithPlatform(infrastructure, "tracerdb")
    .WithPlatformIdentity(gateway, infrastructure, "agentops-tracer");
// The platform traces itself: the LLM path's GenAI spans also go to the tracer's OTLP intake, under each service's identity.
gateway.WithEnvironment("MlOps__TraceExport__Endpoint", tracer.GetEndpoint("http"));
guardrails.WithEnvironment("MlOps__TraceExport__Endpoint", tracer.GetEndpoint("http"));
var incident = builder.AddProject<Projects.MlOps_Incident>("incident").WithPlatform(infrastructure, "incidentdb")
    .WithPlatformIdentity(gateway, infrastructure, "incident")
    .WithReference(registry)
    // Postmortem narratives come through guardrail-gateway; runbook steps pause pipelines, set traffic, and throttle or
    // block virtual keys at the gateway.
    .WithReference(guardrails)
    .WithReference(ingest)
    .WithReference(inference)
    .WithReference(gateway)
    // Notification targets are user-supplied: public addresses only; development adds loopback (appsettings.Development.json).
    .WithOutboundAllowList(builder.Configuration);
// PagerDuty's events API elsewhere (a regional endpoint, or a test's fake).
if (builder.Configuration["MlOps:Incident:PagerDuty:BaseUrl"] is { Length: > 0 } pagerDuty)
{
    incident.WithEnvironment("MlOps__Incident__PagerDuty__BaseUrl", pagerDuty);
}

// The gateway proxies to services as they come up (502 until then).
gateway
    .WithReference(ingest)
    .WithReference(registry)
    .WithReference(trainer)
    .WithReference(inference)
    .WithReference(drift)
    .WithReference(guardrails)
    .WithReference(tracer)
    .WithReference(incident)
    .WithReference(featureStore);

// Prometheus (scraping every service, evaluating the SLO rules incident generates) and Alertmanager (routing to incident).
builder.AddMonitoring(infrastructure, gateway, incident, [ingest, registry, trainer, inference, drift, guardrails, tracer, incident, featureStore]);

builder.Build().Run();
