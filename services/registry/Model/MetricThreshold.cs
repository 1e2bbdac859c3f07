namespace MlOps.Registry.Model;

/// <summary>A metric condition such as auc &gt;= 0.80; operators: &gt;=, &gt;, &lt;=, &lt;.</summary>
public sealed record MetricThreshold(string Metric, string Op, double Value);
