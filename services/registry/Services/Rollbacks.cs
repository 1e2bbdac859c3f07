using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Registry.Model;

namespace MlOps.Registry.Services;

/// <summary>How a rollback outcome is answered over HTTP.</summary>
public static class Rollbacks
{
    public static Results<Ok<AliasResponse>, ProblemHttpResult> ToResult(string model, AliasMove move) => move.Outcome switch
    {
        AliasMoveOutcome.Moved or AliasMoveOutcome.Unchanged => TypedResults.Ok(move.Alias!),
        AliasMoveOutcome.ModelNotFound => RegistryProblems.ModelNotFound(model),
        AliasMoveOutcome.AliasNotFound => RegistryProblems.Problem(StatusCodes.Status409Conflict, "No champion", $"Model '{model}' has no champion to roll back."),
        _ => RegistryProblems.Problem(StatusCodes.Status409Conflict, "Nothing to roll back to", $"No earlier champion of '{model}' passed its gate."),
    };
}
