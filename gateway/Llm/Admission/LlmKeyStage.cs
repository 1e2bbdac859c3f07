using MlOps.Gateway.Authentication;
using MlOps.OpenAi;

namespace MlOps.Gateway.Llm.Admission;

/// <summary>The first stage: the caller's key must be a virtual key, not blocked, and allowed the route it calls.</summary>
public sealed class LlmKeyStage(ILlmKeyPolicies policies)
{
    /// <summary>The key's policy, or null when the request was refused here (403, answered).</summary>
    public async ValueTask<LlmKeyPolicy?> AdmitAsync(HttpContext context)
    {
        var keyId = Guid.Parse(context.User.FindFirst(GatewayClaims.KeyId)!.Value);
        var policy = await policies.FindAsync(keyId, context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        var refused = policy is null
            ? new OpenAiError(403, "This API key is not a virtual key: the /v1 routes need a key created with POST /admin/llm-keys.", "permission_error", "not_a_virtual_key")
            : policy.Blocked ? new OpenAiError(403, $"This virtual key is blocked{(policy.BlockedReason is { } why ? $": {why}" : ".")}", "permission_error", "key_blocked")
            : !policy.AllowsRoute(path) ? new OpenAiError(403, $"This virtual key may not call {path}.", "permission_error", "route_not_allowed") : null;
        if (refused is null)
        {
            return policy;
        }
        await refused.WriteAsync(context.Response);
        return null;
    }
}
