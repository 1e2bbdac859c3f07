using System.ComponentModel.DataAnnotations;

namespace MlOps.Inference.Model;

/// <summary>The share of requests the challenger answers (0-100) and whether every champion request is mirrored to it.</summary>
public sealed record SetTrafficRequest([Range(0.0, 100.0)] double CanaryPercent, bool Shadow);
