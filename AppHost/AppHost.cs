using Microsoft.Extensions.Configuration;
using MlOps.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// PostgreSQL and RabbitMQ: containers where a container runtime exists, the OS packages' servers otherwise.
var infrastructure = builder.AddPlatformInfrastructure();
var adminKey = builder.AddParameter("admin-key", infrastructure.Credentials.AdminKey, secret: true);

var ingest = builder.AddProject<Projects.MlOps_Ingest>("ingest").WithPlatform(infrastructure, "ingestdb");
var registry = builder.AddProject<Projects.MlOps_Registry>("registry").WithPlatform(infrastructure, "registrydb");
var trainer = builder.AddProject<Projects.MlOps_Trainer>("trainer").WithPlatform(infrastructure, "trainerdb")
    .WithReference(registry).WaitFor(registry)
    .WithReference(ingest).WaitFor(ingest);
var inference = builder.AddProject<Projects.MlOps_Inference>("inference").WithPlatform(infrastructure, "inferencedb")
    .WithReference(registry).WaitFor(registry);
var drift = builder.AddProject<Projects.MlOps_Drift>("drift").WithPlatform(infrastructure, "driftdb");
var guardrails = builder.AddProject<Projects.MlOps_GuardrailGateway>("guardrail-gateway").WithPlatform(infrastructure, "guardraildb");
var tracer = builder.AddProject<Projects.MlOps_AgentOpsTracer>("agentops-tracer").WithPlatform(infrastructure, "tracerdb");
var incident = builder.AddProject<Projects.MlOps_Incident>("incident").WithPlatform(infrastructure, "incidentdb")
    .WithReference(registry).WaitFor(registry);

// The edge: the only resource reachable from outside.
builder.AddProject<Projects.MlOps_Gateway>("gateway").WithPlatform(infrastructure, "gatewaydb")
    .WithEndpoint("http", endpoint => endpoint.Port = builder.Configuration.GetValue("MlOps:GatewayPort", 8080))
    .WithExternalHttpEndpoints()
    .WithEnvironment("MLOPS_ADMIN_KEY", adminKey)
    .WithReference(ingest).WaitFor(ingest)
    .WithReference(registry).WaitFor(registry)
    .WithReference(trainer).WaitFor(trainer)
    .WithReference(inference).WaitFor(inference)
    .WithReference(drift).WaitFor(drift)
    .WithReference(guardrails).WaitFor(guardrails)
    .WithReference(tracer).WaitFor(tracer)
    .WithReference(incident).WaitFor(incident);

builder.Build().Run();
