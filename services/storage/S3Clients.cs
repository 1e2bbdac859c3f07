using Amazon.Runtime;
using Amazon.S3;

namespace MlOps.Storage;

/// <summary>The one way the platform builds an S3 client (the registry's artifact store, ingest's files source).</summary>
public static class S3Clients
{
    public static IAmazonS3 Create(IS3Endpoint endpoint)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = endpoint.ForcePathStyle,
            // Checksums only where S3 requires them: S3-compatible servers often reject the newer trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrEmpty(endpoint.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(endpoint.Region);
        }
        else
        {
            config.ServiceURL = endpoint.ServiceUrl;
            config.AuthenticationRegion = endpoint.Region;
        }
        return string.IsNullOrEmpty(endpoint.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(endpoint.AccessKey, endpoint.SecretKey), config);
    }
}
