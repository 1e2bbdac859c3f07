using System.ComponentModel.DataAnnotations;
using MlOps.Incident.Model;

namespace MlOps.Incident.Slos;

/// <summary>
/// A service-level objective: <see cref="Target"/> percent of events good over <see cref="Window"/>. Availability counts a
/// model's requests that did not fail on the server; latency those answered under <see cref="ThresholdMs"/>; freshness the
/// time a dataset's last successful load is younger than <see cref="MaxAge"/>.
/// </summary>
public sealed record Objective : IValidatableObject
{
    /// <summary>For AddValidation: the objectives' rule book.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => FieldProblem.Of(ObjectiveValidator.Validate(this));

    public required string Name { get; init; }
    /// <summary>availability, latency or freshness.</summary>
    public required string Kind { get; init; }
    /// <summary>The model (availability, latency).</summary>
    public string? Model { get; init; }
    /// <summary>The dataset (freshness).</summary>
    public string? Dataset { get; init; }
    /// <summary>Latency: a request is good when answered within this many milliseconds (one of the histogram's bounds).</summary>
    public int? ThresholdMs { get; init; }
    /// <summary>Freshness: the dataset is fresh while its last successful load is younger than this (e.g. 6h).</summary>
    public string? MaxAge { get; init; }
    /// <summary>Percent of good events, e.g. 99.9.</summary>
    public double Target { get; init; }
    /// <summary>The window the target holds over (30d unless given); burn windows scale with it.</summary>
    public string Window { get; init; } = "30d";
    public string? Description { get; init; }

    public double ErrorBudget => 1 - Target / 100;
}

/// <summary>The kinds of objective.</summary>
public static class ObjectiveKinds
{
    public const string Availability = "availability";
    public const string Latency = "latency";
    public const string Freshness = "freshness";

    public static readonly IReadOnlyList<string> All = [Availability, Latency, Freshness];
}
