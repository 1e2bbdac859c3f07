namespace MlOps.Incident.Alerts;

/// <summary>Bounds on what one alert may carry; the error names the field at fault.</summary>
public static class AlertLimits
{
    public const int MaxLabels = 64;
    public const int MaxLabelName = 100;
    public const int MaxLabelValue = 1000;
    public const int MaxLinks = 20;
    public const int MaxHref = 2000;
    public const int MaxAlertmanagerAlerts = 1000;

    public static string? CheckLabels(IReadOnlyDictionary<string, string>? labels, string path)
    {
        if (labels is null)
        {
            return null;
        }
        if (labels.Count > MaxLabels)
        {
            return $"{path}: at most {MaxLabels} labels.";
        }
        foreach (var (name, value) in labels)
        {
            if (name.Length is 0 or > MaxLabelName)
            {
                return $"{path}: label names are 1–{MaxLabelName} characters.";
            }
            if (value is null || value.Length > MaxLabelValue)
            {
                return $"{path}.{name}: a string of at most {MaxLabelValue} characters.";
            }
        }
        return null;
    }

    public static string? CheckLinks(IReadOnlyList<AlertLink>? links, string path)
    {
        if (links is null)
        {
            return null;
        }
        if (links.Count > MaxLinks)
        {
            return $"{path}: at most {MaxLinks} links.";
        }
        for (var i = 0; i < links.Count; i++)
        {
            if (!IsWebAddress(links[i]?.Href))
            {
                return $"{path}[{i}].href: an absolute http or https URL of at most {MaxHref} characters.";
            }
            if (links[i].Text is { Length: > 200 })
            {
                return $"{path}[{i}].text: at most 200 characters.";
            }
        }
        return null;
    }

    public static bool IsWebAddress(string? href) =>
        href is { Length: > 0 and <= MaxHref } && Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
