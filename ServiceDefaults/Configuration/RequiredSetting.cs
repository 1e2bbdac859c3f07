namespace MlOps.ServiceDefaults.Configuration;

/// <summary>A setting a service cannot start without: any one of <see cref="Keys"/> satisfies it.</summary>
public sealed record RequiredSetting(string Purpose, IReadOnlyList<string> Keys)
{
    /// <summary>The keys as configuration paths and as the environment variables that set them.</summary>
    public string Describe() => string.Join(" or ", Keys.Select(k => $"{k} (environment {k.Replace(":", "__", StringComparison.Ordinal)})")) + $": {Purpose}";
}
