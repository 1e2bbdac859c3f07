using System.Text.Json;
using MlOps.Ingest.Model;

namespace MlOps.Ingest.Demo;

/// <summary>The demo pipeline: the demo loans CSV from the files root into the warehouse, dataset `demo`, table `loans`.</summary>
public static class DemoPipeline
{
    public const string Name = "demo-loans";
    public const string Dataset = "demo";
    public const string Table = "loans";
    public const string FileName = "credit-default.csv";

    public static PipelineRequest Request { get; } = new(Name, Dataset,
        new PipelineSourceRequest("files", JsonSerializer.SerializeToElement(new
        {
            format = "csv",
            resource = Table,
            location = new { type = "path", path = $"demo/{FileName}" },
            write_disposition = "replace",
        })),
        new PipelineDestinationRequest("postgres", null), null);
}
