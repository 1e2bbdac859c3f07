using Microsoft.Extensions.Configuration;
using MlOps.AppHost.Infrastructure;

namespace MlOps.AppHost;

/// <summary>The platform's services and how they reach each other, the same whether they run as projects or as container images.</summary>
public static class PlatformComposition
{
    public static void Compose<T>(IDistributedApplicationBuilder builder, PlatformInfrastructure infrastructure, IServiceHosting<T> hosting)
        where T : class, IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport
    {
        var adminKey = builder.AddParameter("admin-key", infrastructure.Credentials.AdminKey, secret: true);

        // The edge, declared first because every service verifies its tokens (JWKS) and gets its own identity from it; its routes
        // to the services are added at the end. It is the only resource reachable from outside.
        var gateway = hosting.AddService("gateway", new Projects.MlOps_Gateway()).WithPlatform(infrastructure, "gatewaydb")
            .WithEndpoint("http", endpoint => endpoint.Port = builder.Configuration.GetValue("MlOps:GatewayPort", 8080))
            .WithExternalHttpEndpoints()
            .WithEnvironment("MLOPS_ADMIN_KEY", adminKey)
            .WithIdentityIssuer(infrastructure);

        var ingest = hosting.AddService("ingest", new Projects.MlOps_Ingest()).WithPlatform(infrastructure, "ingestdb")
            .WithPlatformIdentity(gateway, infrastructure, "ingest")
            .WithDataFolder(hosting, "MlOps__Ingest__FilesRoot", Path.Combine(infrastructure.DataDir, "ingest", "files"))
            .WithDataFolder(hosting, "MlOps__Ingest__UploadsRoot", Path.Combine(infrastructure.DataDir, "ingest", "uploads"))
            .WithDataFolder(hosting, "MlOps__Ingest__LakeRoot", Path.Combine(infrastructure.DataDir, "ingest", "lake"))
            // REST and PostgreSQL sources reach public addresses only; development adds loopback (appsettings.Development.json).
            .WithOutboundAllowList(builder.Configuration);
        // The warehouse: ingest owns it (a schema per tenant and dataset); the trainer reads it through a read-only role.
        var (warehouse, warehouseReader) = infrastructure.AddWarehouse("ingest", "warehouse");
        ingest.WithReference(warehouse);
        var registry = hosting.AddService("registry", new Projects.MlOps_Registry()).WithPlatform(infrastructure, "registrydb")
            .WithPlatformIdentity(gateway, infrastructure, "registry")
            .WithDataFolder(hosting, "MlOps__Registry__ArtifactRoot", Path.Combine(infrastructure.DataDir, "artifacts"))
            // Webhooks reach public addresses only; development adds loopback (appsettings.Development.json).
            .WithOutboundAllowList(builder.Configuration);
        // Feature views read the tenant's warehouse tables through the read-only role; the online store is its own database, or Redis
        // when MlOps:FeatureStore:OnlineStore is "redis" (then started here like PostgreSQL and RabbitMQ).
        var featureStore = hosting.AddService("feature-store", new Projects.MlOps_FeatureStore()).WithPlatform(infrastructure, "featurestoredb")
            .WithPlatformIdentity(gateway, infrastructure, "feature-store")
            .WithReference(warehouseReader, "warehouse")
            .WithOnlineStore(infrastructure);
        // Service-to-service references don't wait: callers retry (standard resilience), and services start in parallel.
        var trainer = hosting.AddService("trainer", new Projects.MlOps_Trainer()).WithPlatform(infrastructure, "trainerdb")
            .WithPlatformIdentity(gateway, infrastructure, "trainer")
            .WithReference(warehouseReader, "warehouse")
            .WithServiceReference(registry)
            .WithServiceReference(ingest)
            // Runs on feature store training sets read them there.
            .WithServiceReference(featureStore);
        var inference = hosting.AddService("inference", new Projects.MlOps_Inference()).WithPlatform(infrastructure, "inferencedb")
            .WithPlatformIdentity(gateway, infrastructure, "inference")
            .WithServiceReference(registry)
            // Entity-keyed predictions are filled from the model's feature service.
            .WithServiceReference(featureStore)
            .WithDataFolder(hosting, "MlOps__Inference__ModelCache", Path.Combine(infrastructure.DataDir, "model-cache"))
            .WithDataFolder(hosting, "MlOps__Inference__Jobs__Root", Path.Combine(infrastructure.DataDir, "jobs"));
        var drift = hosting.AddService("drift", new Projects.MlOps_Drift()).WithPlatform(infrastructure, "driftdb")
            .WithPlatformIdentity(gateway, infrastructure, "drift")
            .WithServiceReference(registry)
            // Training–serving skew compares served features with the training set a version learned from.
            .WithServiceReference(featureStore);
        // Answers LLM calls with labelled echoes when no real provider is configured; guardrail-gateway falls back to it last.
        var devProvider = hosting.AddService("dev-llm-provider", new Projects.MlOps_DevLlmProvider()).WithHttpHealthCheck("/health");
        var guardrails = hosting.AddService("guardrail-gateway", new Projects.MlOps_GuardrailGateway()).WithPlatform(infrastructure, "guardraildb")
            .WithPlatformIdentity(gateway, infrastructure, "guardrail-gateway")
            .WithEnvironment("MlOps__Guardrail__Providers__0__Name", "development")
            .WithEnvironment("MlOps__Guardrail__Providers__0__Endpoint", ReferenceExpression.Create($"{devProvider.GetEndpoint("http")}/v1/"));
        var tracer = hosting.AddService("agentops-tracer", new Projects.MlOps_AgentOpsTracer()).WithPlatform(infrastructure, "tracerdb")
            .WithPlatformIdentity(gateway, infrastructure, "agentops-tracer");
        // The platform traces itself: the LLM path's GenAI spans also go to the tracer's OTLP intake, under each service's identity.
        gateway.WithEnvironment("MlOps__TraceExport__Endpoint", tracer.GetEndpoint("http"));
        guardrails.WithEnvironment("MlOps__TraceExport__Endpoint", tracer.GetEndpoint("http"));
        var incident = hosting.AddService("incident", new Projects.MlOps_Incident()).WithPlatform(infrastructure, "incidentdb")
            .WithPlatformIdentity(gateway, infrastructure, "incident")
            .WithServiceReference(registry)
            // Postmortem narratives come through guardrail-gateway; runbook steps pause pipelines, set traffic, and throttle or
            // block virtual keys at the gateway.
            .WithServiceReference(guardrails)
            .WithServiceReference(ingest)
            .WithServiceReference(inference)
            .WithServiceReference(gateway)
            // Notification targets are user-supplied: public addresses only; development adds loopback (appsettings.Development.json).
            .WithOutboundAllowList(builder.Configuration);
        // PagerDuty's events API elsewhere (a regional endpoint, or a test's fake).
        if (builder.Configuration["MlOps:Incident:PagerDuty:BaseUrl"] is { Length: > 0 } pagerDuty)
        {
            incident.WithEnvironment("MlOps__Incident__PagerDuty__BaseUrl", pagerDuty);
        }

        // The gateway proxies to services as they come up (502 until then).
        gateway
            .WithServiceReference(ingest)
            .WithServiceReference(registry)
            .WithServiceReference(trainer)
            .WithServiceReference(inference)
            .WithServiceReference(drift)
            .WithServiceReference(guardrails)
            .WithServiceReference(tracer)
            .WithServiceReference(incident)
            .WithServiceReference(featureStore);

        // Prometheus (scraping every service, evaluating the SLO rules incident generates) and Alertmanager (routing to incident).
        builder.AddMonitoring(infrastructure, gateway, incident, [ingest, registry, trainer, inference, drift, guardrails, tracer, incident, featureStore]);
    }
}
