using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Alerts;

/// <summary>Bounds on what one alert may carry; the label and link rules answer as AddValidation reports them, under the field's name.</summary>
public static class AlertLimits
{
    public const int MaxLabels = 64;
    public const int MaxLabelName = 100;
    public const int MaxLabelValue = 1000;
    public const int MaxLinks = 20;
    public const int MaxHref = 2000;
    public const int MaxLinkText = 200;
    public const int MaxAlertmanagerAlerts = 1000;

    public static IEnumerable<ValidationResult> LabelProblems(IReadOnlyDictionary<string, string>? labels, string field)
    {
        if (labels is null)
        {
            yield break;
        }
        if (labels.Count > MaxLabels)
        {
            yield return new($"at most {MaxLabels} labels.", [field]);
            yield break;
        }
        foreach (var (name, value) in labels)
        {
            if (name.Length is 0 or > MaxLabelName)
            {
                yield return new($"label names are 1–{MaxLabelName} characters.", [field]);
            }
            else if (value is null || value.Length > MaxLabelValue)
            {
                // Keyed by the dictionary, not labels.<name>: the JSON naming of keys would change the label's case.
                yield return new($"'{name}' must be a string of at most {MaxLabelValue} characters.", [field]);
            }
        }
    }

    public static IEnumerable<ValidationResult> LinkProblems(IReadOnlyList<AlertLink?>? links, string field)
    {
        for (var i = 0; i < (links?.Count ?? 0); i++)
        {
            if (!IsWebAddress(links![i]?.Href))
            {
                yield return new($"an absolute http or https URL of at most {MaxHref} characters.", [$"{field}[{i}].href"]);
            }
            if (links[i]?.Text is { Length: > MaxLinkText })
            {
                yield return new($"at most {MaxLinkText} characters.", [$"{field}[{i}].text"]);
            }
        }
    }

    public static bool IsWebAddress(string? href) =>
        href is { Length: > 0 and <= MaxHref } && Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
