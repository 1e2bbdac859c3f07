using Microsoft.Extensions.Configuration;
using MlOps.AppHost;
using MlOps.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// PostgreSQL and RabbitMQ: containers where a container runtime exists, the OS packages' servers otherwise.
var infrastructure = builder.AddPlatformInfrastructure();
// The services: container images where the infrastructure runs in containers (built by scripts/build-images.sh), projects otherwise.
if (infrastructure.ServicesRunAsImages)
{
    PlatformComposition.Compose(builder, infrastructure, new ImageServiceHosting(builder, infrastructure.DataDir));
}
else
{
    PlatformComposition.Compose(builder, infrastructure, new ProjectServiceHosting(builder));
}

builder.Build().Run();
