namespace MlOps.Ingest.Sources.Files;

/// <summary>The `csv` block: the delimiter, whether the first row names the columns, and whether `"` quotes fields.</summary>
public sealed record CsvOptions(char Delimiter = ',', bool Header = true, bool Quoted = true);
