using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Demo;
using MlOps.Ingest.Infrastructure;
using MlOps.Ingest.Lake;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Pipelines;
using MlOps.Ingest.Runs;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;
using MlOps.Ingest.Sources.Files;
using MlOps.Ingest.Sources.Postgres;
using MlOps.Ingest.Sources.RestApi;
using MlOps.Ingest.Warehouse;
using Npgsql;

namespace MlOps.Ingest.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("ingest");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("ingestdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
        builder.AddSafeOutboundHttp();
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Pipeline secrets: one key ring in the service's database, so every replica reads what another wrote.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("mlops-ingest");
        // With a certificate the key ring is encrypted at rest, so the database alone does not open the secrets.
        if (builder.Configuration["MlOps:Ingest:KeyRingCertificate"] is { Length: > 0 } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificate, builder.Configuration["MlOps:Ingest:KeyRingCertificatePassword"]));
        }
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(services.GetRequiredService<NpgsqlDataSource>())));
        builder.Services.AddSingleton<PipelineSecrets>();
        builder.Services.AddSingleton<PipelineStore>();
        builder.AddRestApiSource();
        builder.AddFilesSource();
        builder.AddPostgresSource();
        builder.Services.AddSingleton<SourceFactories>();
        builder.Services.AddSingleton<PipelineValidator>();

        builder.AddWarehouse();
        builder.Services.AddHostedService<TenantGrantBackfill>();
        builder.AddLake();
        builder.Services.AddSingleton<IBatchNormalizerFactory, NormalizerFactory>();
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddSingleton<RunSignal>();
        builder.Services.AddSingleton<DatasetRecorder>();
        builder.Services.AddSingleton<DatasetFreshness>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DatasetFreshness>());
        builder.Services.AddHostedService<RunWorker>();
        builder.Services.AddHostedService<PipelineScheduler>();
        if (builder.Configuration.GetValue("MlOps:Ingest:BootstrapDemoPipeline", true))
        {
            builder.Services.AddHostedService<DemoPipelineBootstrapper>();
        }
    }
}
