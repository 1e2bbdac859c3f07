namespace MlOps.Inference.Model;

/// <summary>OIP v2 server liveness, <c>{"live": true}</c>, as KServe and Triton clients read it.</summary>
public sealed record ServerLiveResponse(bool Live);

/// <summary>OIP v2 server readiness; when not ready (503) it also carries the protocol's <c>error</c> saying why.</summary>
public sealed record ServerReadyResponse(bool Ready, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>OIP v2 model readiness, <c>{"name": …, "ready": true}</c>; when not ready (503) with the protocol's <c>error</c>.</summary>
public sealed record ModelReadyResponse(string Name, bool Ready, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error = null);
