using System.Text.Json;

namespace MlOps.Drift.Reports;

/// <summary>A report row with its full JSON document.</summary>
public sealed record StoredReport(Guid Id, string ModelName, int Version, DateTime CreatedAt, JsonElement Result);
