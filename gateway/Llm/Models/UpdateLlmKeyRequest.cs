using System.ComponentModel.DataAnnotations;

namespace MlOps.Gateway.Llm.Models;

/// <summary>Changes a virtual key in place: its rate limits, and whether it is blocked (with why). Absent fields stay as they are.</summary>
public sealed record UpdateLlmKeyRequest(
    [Range(1, 10_000_000)] int? Rpm,
    [Range(1, 1_000_000_000)] int? Tpm,
    bool? Blocked,
    [StringLength(500)] string? Reason);
